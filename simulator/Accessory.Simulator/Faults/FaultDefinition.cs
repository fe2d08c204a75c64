namespace Accessory.Simulator.Faults;

/// <summary>One fault the simulator can inject: stable name, one-line description and its parameters.</summary>
public sealed class FaultDefinition
{
    private readonly Func<FaultSpec, string?>? _check;

    public FaultDefinition(string name, string description, IReadOnlyList<FaultParameter> parameters, Func<FaultSpec, string?>? check = null)
    {
        Name = name;
        Description = description;
        Parameters = parameters;
        _check = check;
    }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<FaultParameter> Parameters { get; }

    public FaultParameter? Find(string parameter) => Parameters.FirstOrDefault(p => p.Name == parameter);

    /// <summary>Rules across parameters (e.g. min &lt;= max); null when the spec is consistent.</summary>
    internal string? Check(FaultSpec spec) => _check?.Invoke(spec);
}
