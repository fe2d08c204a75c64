using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Accessory.Portability.Tests;

/// <summary>
/// Finds what stable nanoFramework cannot run although it compiles: generic type or method definitions, generic
/// instantiations (TypeSpec GENERICINST) and generic method instantiations (MethodSpec).
/// </summary>
internal static class NanoMetadataCheck
{
    private const byte GenericInstance = 0x15;

    public static List<string> FindViolations(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var found = new List<string>();

        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            string name = md.GetString(type.Namespace) + "." + md.GetString(type.Name);
            if (type.GetGenericParameters().Count > 0)
            {
                found.Add($"generic type definition {name}");
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.GetGenericParameters().Count > 0)
                {
                    found.Add($"generic method {name}.{md.GetString(method.Name)}");
                }
            }
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var spec = md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
            var blob = md.GetBlobReader(spec.Signature);
            if (blob.ReadByte() == GenericInstance)
            {
                found.Add($"generic instantiation (TypeSpec row {row})");
            }
        }

        int methodSpecs = md.GetTableRowCount(TableIndex.MethodSpec);
        if (methodSpecs > 0)
        {
            found.Add($"{methodSpecs} generic method instantiation(s) (MethodSpec)");
        }

        return found;
    }

    public static List<string> AssemblyReferences(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
    }

    public static List<string> TypeNames(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        return md.TypeDefinitions
            .Select(h => md.GetTypeDefinition(h))
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name))
            .ToList();
    }
}
