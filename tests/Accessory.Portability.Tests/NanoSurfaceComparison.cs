namespace Accessory.Portability.Tests;

/// <summary>
/// Compares the emulated board's nanoFramework types with nano-ref's (both read by <see cref="TypeSurface"/>): every
/// public type the emulation defines outside Accessory.* must exist in nano-ref, and every public or protected
/// member it has must exist there with the same signature (kind, static-ness, return and parameter types, enum
/// values). Members nano-ref has and the emulation lacks are allowed: the firmware cannot call them, or it would not
/// build against the emulation. A static class nano-ref does not have is accepted only as a holder of extension
/// methods that each stand for an instance method nano-ref's type has (nanoFramework members .NET's type lacks).
/// </summary>
internal static class NanoSurfaceComparison
{
    /// <summary>
    /// Overrides the emulation needs only because its base is .NET's NetworkStream, whose span and single-byte paths
    /// would otherwise bypass TLS; nanoFramework's SslStream inherits them from its own NetworkStream.
    /// </summary>
    private static readonly Dictionary<string, string> DesktopBaseOverrides = new(StringComparer.Ordinal)
    {
        ["System.Net.Security.SslStream|method System.Int32 Read(System.Span`1<System.Byte>)"] = "NetworkStream span read",
        ["System.Net.Security.SslStream|method System.Void Write(System.ReadOnlySpan`1<System.Byte>)"] = "NetworkStream span write",
        ["System.Net.Security.SslStream|method System.Int32 ReadByte()"] = "NetworkStream single-byte read",
        ["System.Net.Security.SslStream|method System.Void Flush()"] = "NetworkStream flush",
    };

    public static List<string> Differences(string boardAssembly, IEnumerable<string> nanoAssemblies)
    {
        var nano = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var assembly in nanoAssemblies)
        {
            foreach (var (type, members) in TypeSurface.Read(assembly))
            {
                if (!nano.TryGetValue(type, out var known))
                {
                    nano[type] = members;
                }
                else
                {
                    known.UnionWith(members);
                }
            }
        }

        var differences = new List<string>();
        foreach (var (type, members) in EmulatedTypes(boardAssembly))
        {
            if (!nano.TryGetValue(type, out var reference))
            {
                if (members.Contains("kind static class"))
                {
                    CheckExtensionHolder(type, members, nano, differences);
                }
                else
                {
                    differences.Add(type + ": not a type of nano-ref");
                }

                continue;
            }

            foreach (var member in members)
            {
                if (!reference.Contains(member) && !DesktopBaseOverrides.ContainsKey(type + "|" + member))
                {
                    differences.Add(type + ": '" + member + "' is not in nano-ref");
                }
            }
        }

        return differences;
    }

    /// <summary>The emulation's types in nanoFramework's namespaces (everything not Accessory.*).</summary>
    public static Dictionary<string, SortedSet<string>> EmulatedTypes(string boardAssembly)
    {
        var types = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (type, members) in TypeSurface.Read(boardAssembly))
        {
            if (!type.StartsWith("Accessory.", StringComparison.Ordinal))
            {
                types[type] = members;
            }
        }

        return types;
    }

    private static void CheckExtensionHolder(string holder, SortedSet<string> members, Dictionary<string, SortedSet<string>> nano, List<string> differences)
    {
        const string Prefix = "method static ";
        foreach (var member in members)
        {
            if (member.StartsWith("kind ", StringComparison.Ordinal))
            {
                continue;
            }

            // "method static R Name(Target, A, B)" stands for nano-ref's "method R Name(A, B)" on Target.
            int open = member.IndexOf('(', StringComparison.Ordinal);
            if (!member.StartsWith(Prefix, StringComparison.Ordinal) || open < 0)
            {
                differences.Add(holder + ": '" + member + "' is not an extension method");
                continue;
            }

            var head = member[Prefix.Length..open];
            var parameters = member[(open + 1)..^1].Split(", ", StringSplitOptions.RemoveEmptyEntries);
            if (parameters.Length == 0 || !nano.TryGetValue(parameters[0], out var target))
            {
                differences.Add(holder + ": '" + member + "' extends no nano-ref type");
                continue;
            }

            string instance = "method " + head + "(" + string.Join(", ", parameters.Skip(1)) + ")";
            if (!target.Contains(instance))
            {
                differences.Add(holder + ": '" + member + "' stands for '" + instance + "', which " + parameters[0] + " in nano-ref does not have");
            }
        }
    }
}
