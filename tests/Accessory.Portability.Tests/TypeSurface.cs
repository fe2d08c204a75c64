using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Accessory.Portability.Tests;

/// <summary>
/// The public surface of the types in one assembly, read from metadata (never by loading it): for each public type
/// its kind and, per public or protected member, one line such as "method System.Void Connect(System.String)".
/// Type names in signatures are namespace-qualified without the assembly, so a nanoFramework reference assembly
/// and its desktop emulation compare equal when their signatures are the same C# surface.
/// </summary>
internal static class TypeSurface
{
    public static Dictionary<string, SortedSet<string>> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var provider = new SignatureText(md);
        var types = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            if (!IsVisible(md, type))
            {
                continue;
            }

            var members = new SortedSet<string>(StringComparer.Ordinal) { "kind " + KindOf(md, type) };
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (!IsVisibleMember(method.Attributes & MethodAttributes.MemberAccessMask))
                {
                    continue;
                }

                var signature = method.DecodeSignature(provider, null);
                string name = md.GetString(method.Name);
                string modifiers = (method.Attributes & MethodAttributes.Static) != 0 ? "static " : string.Empty;
                members.Add("method " + modifiers + signature.ReturnType + " " + name + "(" + string.Join(", ", signature.ParameterTypes) + ")");
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                var access = field.Attributes & FieldAttributes.FieldAccessMask;
                if (access != FieldAttributes.Public && access != FieldAttributes.Family && access != FieldAttributes.FamORAssem)
                {
                    continue;
                }

                string name = md.GetString(field.Name);
                string modifiers = (field.Attributes & FieldAttributes.Static) != 0 ? "static " : string.Empty;
                var constant = field.GetDefaultValue();
                string value = constant.IsNil ? string.Empty : " = " + ConstantText(md, constant);
                members.Add("field " + modifiers + field.DecodeSignature(provider, null) + " " + name + value);
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var e = md.GetEventDefinition(eventHandle);
                var accessors = e.GetAccessors();
                if (accessors.Adder.IsNil || !IsVisibleMember(md.GetMethodDefinition(accessors.Adder).Attributes & MethodAttributes.MemberAccessMask))
                {
                    continue;
                }

                members.Add("event " + provider.TypeName(e.Type) + " " + md.GetString(e.Name));
            }

            types[FullName(md, handle)] = members;
        }

        return types;
    }

    private static bool IsVisibleMember(MethodAttributes access) =>
        access == MethodAttributes.Public || access == MethodAttributes.Family || access == MethodAttributes.FamORAssem;

    private static bool IsVisible(MetadataReader md, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public)
        {
            return true;
        }

        if (visibility == TypeAttributes.NestedPublic || visibility == TypeAttributes.NestedFamily || visibility == TypeAttributes.NestedFamORAssem)
        {
            return IsVisible(md, md.GetTypeDefinition(type.GetDeclaringType()));
        }

        return false;
    }

    private static string KindOf(MetadataReader md, TypeDefinition type)
    {
        if ((type.Attributes & TypeAttributes.Interface) != 0)
        {
            return "interface";
        }

        string baseName = type.BaseType.IsNil ? string.Empty : new SignatureText(md).TypeName(type.BaseType);
        string kind = baseName switch
        {
            "System.Enum" => "enum",
            "System.ValueType" => "struct",
            "System.MulticastDelegate" => "delegate",
            _ => "class",
        };
        if (kind == "class" && (type.Attributes & TypeAttributes.Abstract) != 0 && (type.Attributes & TypeAttributes.Sealed) != 0)
        {
            kind = "static class";
        }

        return kind;
    }

    public static string FullName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        string name = md.GetString(type.Name);
        if (type.IsNested)
        {
            return FullName(md, type.GetDeclaringType()) + "+" + name;
        }

        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static string ConstantText(MetadataReader md, ConstantHandle handle)
    {
        var constant = md.GetConstant(handle);
        var blob = md.GetBlobReader(constant.Value);
        return constant.TypeCode switch
        {
            ConstantTypeCode.Int32 => blob.ReadInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.UInt32 => blob.ReadUInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.Byte => blob.ReadByte().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.SByte => blob.ReadSByte().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.Int16 => blob.ReadInt16().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.UInt16 => blob.ReadUInt16().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.Int64 => blob.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.UInt64 => blob.ReadUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ConstantTypeCode.String => "\"" + blob.ReadUTF16(blob.Length) + "\"",
            _ => constant.TypeCode.ToString(),
        };
    }

    /// <summary>Signature types as C#-like text, with no assembly names (so mscorlib and System.Runtime agree).</summary>
    private sealed class SignatureText : ISignatureTypeProvider<string, object?>
    {
        private readonly MetadataReader _md;

        public SignatureText(MetadataReader md)
        {
            _md = md;
        }

        public string TypeName(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(_md, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(_md, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => GetTypeFromSpecification(_md, null, (TypeSpecificationHandle)handle, 0),
            _ => handle.Kind.ToString(),
        };

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(", ", typeArguments) + ">";

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode switch
        {
            PrimitiveTypeCode.Boolean => "Boolean",
            PrimitiveTypeCode.Byte => "Byte",
            PrimitiveTypeCode.SByte => "SByte",
            PrimitiveTypeCode.Char => "Char",
            PrimitiveTypeCode.Int16 => "Int16",
            PrimitiveTypeCode.UInt16 => "UInt16",
            PrimitiveTypeCode.Int32 => "Int32",
            PrimitiveTypeCode.UInt32 => "UInt32",
            PrimitiveTypeCode.Int64 => "Int64",
            PrimitiveTypeCode.UInt64 => "UInt64",
            PrimitiveTypeCode.Single => "Single",
            PrimitiveTypeCode.Double => "Double",
            PrimitiveTypeCode.IntPtr => "IntPtr",
            PrimitiveTypeCode.UIntPtr => "UIntPtr",
            PrimitiveTypeCode.Object => "Object",
            PrimitiveTypeCode.String => "String",
            PrimitiveTypeCode.Void => "Void",
            PrimitiveTypeCode.TypedReference => "TypedReference",
            _ => typeCode.ToString(),
        };

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var reference = reader.GetTypeReference(handle);
            string name = reader.GetString(reference.Name);
            if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return GetTypeFromReference(reader, (TypeReferenceHandle)reference.ResolutionScope, rawTypeKind) + "+" + name;
            }

            string ns = reader.GetString(reference.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
