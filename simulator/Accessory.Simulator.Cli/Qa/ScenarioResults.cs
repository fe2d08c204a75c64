namespace Accessory.Simulator.Cli.Qa;

/// <summary>A line seen during a run: what went over the wire ("wire"), or a device log line ("log").</summary>
public sealed record TimedLine(DateTimeOffset At, string Kind, string Text);

/// <summary>A step's expectation that did not hold.</summary>
public sealed class StepFailedException(string message, string expected, string actual) : Exception(message)
{
    public string Expected { get; } = expected;

    public string Actual { get; } = actual;
}

public sealed class StepResult
{
    public required string Title { get; init; }

    public required int Line { get; init; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public bool Passed { get; set; }

    public bool Skipped { get; set; }

    public string? Message { get; set; }

    public string? Expected { get; set; }

    public string? Actual { get; set; }

    public List<TimedLine> Wire { get; } = [];

    public List<TimedLine> Log { get; } = [];

    public TimeSpan Elapsed => End - Start;
}

/// <summary>One JUnit testcase: a scenario in one matrix cell, or one repeat block of it.</summary>
public sealed class CaseResult
{
    public required string Scenario { get; init; }

    public required string File { get; set; }

    public required string Name { get; init; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public List<StepResult> Steps { get; } = [];

    /// <summary>Set when the case could not start (target refused, device failed to start).</summary>
    public string? Error { get; set; }

    public bool Passed => Error == null && Steps.All(s => s.Passed || s.Skipped);

    public StepResult? FirstFailure => Steps.FirstOrDefault(s => !s.Passed && !s.Skipped);
}
