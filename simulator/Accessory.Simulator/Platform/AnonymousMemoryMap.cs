using System.Globalization;

namespace Accessory.Simulator.Platform;

/// <summary>
/// A process's anonymous resident memory split by what holds it, read from /proc/PID/smaps (the runtime does not
/// name its mappings, so each is told by its shape): the GC's heap (committed pieces of its one huge reservation),
/// glibc's main arena ([heap]) and its other arenas (64 MB-aligned heaps), thread stacks (a mapping behind a one-page
/// guard), and the rest (the runtime's own allocations, malloc's mmapped chunks, compiled code).
/// </summary>
public sealed record AnonymousMemoryMap(long GcHeapKb, long MainArenaKb, long OtherArenasKb, long StacksKb, long OtherKb, int Arenas)
{
    private const long ArenaAlignment = 64L * 1024 * 1024;
    private const long GcReservationMinimum = 1L << 30;

    /// <summary>This process's map, or another's (the bench and the tests read a child's).</summary>
    public static AnonymousMemoryMap Read(int? processId = null)
    {
        var vmas = Parse(File.ReadLines(processId is { } pid ? $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/smaps" : "/proc/self/smaps"));
        long gc = 0, main = 0, arenas = 0, stacks = 0, other = 0;
        int arenaCount = 0;
        for (int i = 0; i < vmas.Count; i++)
        {
            var v = vmas[i];
            if (v.AnonymousKb == 0 && !(v.Start % ArenaAlignment == 0 && v.Name.Length == 0))
            {
                continue;
            }

            if (v.Name == "[heap]")
            {
                main += v.AnonymousKb;
            }
            else if (v.Name.Length > 0 && v.Name[0] == '[')
            {
                // [stack] of the main thread, [vvar] and the like.
                stacks += v.Name == "[stack]" ? v.AnonymousKb : 0;
                other += v.Name == "[stack]" ? 0 : v.AnonymousKb;
            }
            else if (v.Name.Length > 0)
            {
                // Private copies of file pages (relocated data of the runtime's libraries).
                other += v.AnonymousKb;
            }
            else if (v.Start % ArenaAlignment == 0 && IsArena(vmas, i))
            {
                arenas += v.AnonymousKb;
                arenaCount++;
            }
            else if (ContiguousSpan(vmas, i) >= GcReservationMinimum)
            {
                gc += v.AnonymousKb;
            }
            else if (i > 0 && vmas[i - 1].End == v.Start && vmas[i - 1].Protection == "---p" && vmas[i - 1].End - vmas[i - 1].Start == 4096)
            {
                stacks += v.AnonymousKb;
            }
            else
            {
                other += v.AnonymousKb;
            }
        }

        return new AnonymousMemoryMap(gc, main, arenas, stacks, other, arenaCount + 1);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"GC heap {Mb(GcHeapKb)}, malloc main arena {Mb(MainArenaKb)}, {Arenas - 1} other arenas {Mb(OtherArenasKb)}, thread stacks {Mb(StacksKb)}, other native {Mb(OtherKb)} MB");

    /// <summary>The parts that grew by at least half a megabyte since <paramref name="before"/>, or "nothing".</summary>
    public string GrowthSince(AnonymousMemoryMap before)
    {
        var parts = new List<string>();
        Add("GC heap", GcHeapKb - before.GcHeapKb);
        Add("main arena", MainArenaKb - before.MainArenaKb);
        Add("other arenas", OtherArenasKb - before.OtherArenasKb);
        Add("thread stacks", StacksKb - before.StacksKb);
        Add("other native", OtherKb - before.OtherKb);
        return parts.Count == 0 ? "nothing by 0.5 MB or more" : string.Join(", ", parts);

        void Add(string name, long kb)
        {
            if (kb >= 512)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} +{kb / 1024.0:F1} MB"));
            }
        }
    }

    private static string Mb(long kb) => (kb / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    // A glibc heap is mapped 64 MB-aligned and reserves the rest of its 64 MB as inaccessible.
    private static bool IsArena(List<Vma> vmas, int i)
    {
        var v = vmas[i];
        long end = v.End;
        for (int j = i + 1; j < vmas.Count && vmas[j].Start == end && vmas[j].Protection == "---p" && vmas[j].Name.Length == 0; j++)
        {
            end = vmas[j].End;
        }

        return end - v.Start == ArenaAlignment;
    }

    private static long ContiguousSpan(List<Vma> vmas, int i)
    {
        int first = i, last = i;
        while (first > 0 && vmas[first - 1].End == vmas[first].Start && vmas[first - 1].Name.Length == 0)
        {
            first--;
        }

        while (last + 1 < vmas.Count && vmas[last].End == vmas[last + 1].Start && vmas[last + 1].Name.Length == 0)
        {
            last++;
        }

        return vmas[last].End - vmas[first].Start;
    }

    private static List<Vma> Parse(IEnumerable<string> lines)
    {
        var vmas = new List<Vma>();
        Vma? current = null;
        foreach (var line in lines)
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && IsHex(line.AsSpan(0, dash)))
            {
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                current = new Vma(
                    long.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    long.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    fields[1],
                    fields.Length > 5 ? fields[5].Trim() : string.Empty);
                vmas.Add(current);
            }
            else if (current is not null && line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                current.AnonymousKb = long.Parse(line["Anonymous:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return vmas;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private sealed class Vma(long start, long end, string protection, string name)
    {
        public long Start { get; } = start;

        public long End { get; } = end;

        public string Protection { get; } = protection;

        public string Name { get; } = name;

        public long AnonymousKb { get; set; }
    }
}
