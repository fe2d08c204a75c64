using System.Diagnostics.CodeAnalysis;

namespace Accessory.Simulator.Faults;

/// <summary>
/// The faults active on one device; at most one per fault name. Thread-safe: the control API writes while the
/// transports read. <see cref="Changed"/> is raised inside the lock so listeners see changes in order; a listener
/// must be quick and may read this registry but must not wait on another thread that writes to it.
/// </summary>
public sealed class ActiveFaults
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ActiveFault> _active = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ActiveFaults(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public event EventHandler<FaultChangedEventArgs>? Changed;

    /// <summary>Activates a fault, replacing one of the same name (its timer restarts).</summary>
    public void Set(FaultSpec spec) => SetAll([spec]);

    /// <summary>Activates several faults in one step: no reader sees only some of them.</summary>
    public void SetAll(IEnumerable<FaultSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var list = specs.ToList();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var spec in list)
            {
                ArgumentNullException.ThrowIfNull(spec);
                _active[spec.Name] = new ActiveFault(spec, now);
            }

            foreach (var spec in list)
            {
                Raise(spec.Name, spec, now);
            }
        }
    }

    /// <summary>True when the fault was active.</summary>
    /// <summary>
    /// Clears the fault only while <paramref name="spec"/> is still the one active under its name: a fault that
    /// ends itself (an outage over, a one-shot fired) must not clear one set anew meanwhile.
    /// </summary>
    public bool ClearIfCurrent(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_gate)
        {
            if (!_active.TryGetValue(spec.Name, out var current) || !ReferenceEquals(current.Spec, spec))
            {
                return false;
            }

            _active.Remove(spec.Name);
            Raise(spec.Name, null, _time.GetUtcNow());
            return true;
        }
    }

    public bool Clear(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            if (!_active.Remove(name))
            {
                return false;
            }

            Raise(name, null, _time.GetUtcNow());
            return true;
        }
    }

    /// <summary>Clears every fault; returns how many were active.</summary>
    public int ClearAll()
    {
        lock (_gate)
        {
            var names = _active.Keys.Order(StringComparer.Ordinal).ToList();
            _active.Clear();
            var now = _time.GetUtcNow();
            foreach (var name in names)
            {
                Raise(name, null, now);
            }

            return names.Count;
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out FaultSpec? spec)
    {
        bool found = TryGetEntry(name, out var entry);
        spec = entry?.Spec;
        return found;
    }

    public bool TryGetEntry(string name, [NotNullWhen(true)] out ActiveFault? entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _active.TryGetValue(name, out entry);
        }
    }

    public bool IsActive(string name) => TryGetEntry(name, out _);

    /// <summary>The active faults, ordered by name.</summary>
    public IReadOnlyList<FaultSpec> Snapshot() => SnapshotEntries().Select(e => e.Spec).ToList();

    public IReadOnlyList<ActiveFault> SnapshotEntries()
    {
        lock (_gate)
        {
            return _active.Values.OrderBy(e => e.Spec.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// Uses the fault once. A fault with a `count` parameter above 0 is counted down and cleared when it reaches
    /// zero (count 0 means every use); any other fault is returned unchanged. False when the fault is not active.
    /// </summary>
    /// <param name="spec">The fault as it was for this use.</param>
    public bool TryConsume(string name, [NotNullWhen(true)] out FaultSpec? spec)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            if (!_active.TryGetValue(name, out var entry))
            {
                spec = null;
                return false;
            }

            spec = entry.Spec;
            if (spec.Definition.Find("count") is not { Type: FaultParameterType.Number })
            {
                return true;
            }

            int count = spec.GetInt("count");
            if (count == 0)
            {
                return true;
            }

            var now = _time.GetUtcNow();
            if (count == 1)
            {
                _active.Remove(name);
                Raise(name, null, now);
            }
            else
            {
                var next = spec.With("count", (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                _active[name] = entry with { Spec = next };
                Raise(name, next, now);
            }

            return true;
        }
    }

    private void Raise(string name, FaultSpec? spec, DateTimeOffset at) => Changed?.Invoke(this, new FaultChangedEventArgs(name, spec, at));
}
