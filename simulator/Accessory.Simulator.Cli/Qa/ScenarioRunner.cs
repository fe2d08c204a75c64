using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Runs loaded scenarios against a target, one matrix cell at a time on a fresh device, printing a progress line
/// per step. A failed step ends its case (later steps are reported as skipped); the next case still runs.
/// </summary>
public sealed class ScenarioRunner(TextWriter progress, Uri? deviceProvisioning = null, Uri? deviceApi = null, Uri? deviceControl = null, FileInfo? deviceTokenFile = null)
{
    private CancellationToken _interrupt;

    /// <param name="interrupt">Ctrl+C: the running step ends as "interrupted", its device is stopped, no further case starts.</param>
    public async Task<List<CaseResult>> RunAsync(IReadOnlyList<Scenario> scenarios, string target, CancellationToken interrupt = default)
    {
        _interrupt = interrupt;
        var cases = new List<CaseResult>();
        foreach (var scenario in scenarios)
        {
            foreach (var cell in scenario.Cells)
            {
                if (interrupt.IsCancellationRequested)
                {
                    return cases;
                }

                cases.AddRange(await RunCellAsync(scenario, cell, target).ConfigureAwait(false));
            }
        }

        return cases;
    }

    private async Task<List<CaseResult>> RunCellAsync(Scenario scenario, MatrixCell cell, string target)
    {
        string name = cell.Label.Length == 0 ? scenario.Name : $"{scenario.Name} [{cell.Label}]";
        var result = new CaseResult { Scenario = scenario.Name, File = scenario.Path, Name = name, Start = DateTimeOffset.UtcNow };
        var extra = new List<CaseResult>();
        progress.WriteLine($"scenario {name} ({scenario.Path})");
        var lines = new List<TimedLine>();
        void Record(TimedLine line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }

        IScenarioTarget? device = null;
        try
        {
            if (target == "device")
            {
                device = new RealDeviceTarget(deviceProvisioning ?? throw new InvalidOperationException("target device needs --device-host"), deviceApi, deviceControl, deviceTokenFile);
            }
            else if (target == "firmware")
            {
                device = await FirmwareTarget.StartAsync(scenario, Record, _interrupt).ConfigureAwait(false);
            }
            else
            {
                device = await SimulatorTarget.StartAsync(scenario, cell, Record).ConfigureAwait(false);
            }

            using var actions = new StepActions(device, scenario, cell, Record);
            bool failed = false;
            for (int i = 0; i < scenario.Steps.Count; i++)
            {
                var step = scenario.Steps[i];
                string counter = $"[{i + 1}/{scenario.Steps.Count}]";
                if (failed)
                {
                    result.Steps.Add(new StepResult { Title = step.Title, Line = step.Line, Skipped = true, Message = "skipped after an earlier failure" });
                    progress.WriteLine($"  {counter} {step.Title} ... SKIP");
                    continue;
                }

                var stepResult = step.Kind == "repeat"
                    ? await RepeatAsync(actions, step, counter, result.Name, extra).ConfigureAwait(false)
                    : await RunStepAsync(actions, step, counter).ConfigureAwait(false);
                result.Steps.Add(stepResult);
                failed = !stepResult.Passed;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result.Error = "the device could not start: " + e.Message;
        }
        finally
        {
            if (device != null)
            {
                await device.DisposeAsync().ConfigureAwait(false);
            }

            result.End = DateTimeOffset.UtcNow;
        }

        List<TimedLine> all;
        lock (lines)
        {
            all = lines.OrderBy(l => l.At).ToList();
        }

        // A line belongs to the last step started before it. Each step ends only once the control API's event
        // stream has delivered every event the device published until then, so an event read later belongs to a
        // later step.
        var ran = result.Steps.Where(s => !s.Skipped).ToList();
        foreach (var line in all)
        {
            StepResult? owner = null;
            foreach (var step in ran)
            {
                if (step.Start <= line.At)
                {
                    owner = step;
                }
            }

            // After the last step only the device's shutdown follows: not part of any step.
            if (owner != null && (owner != ran[^1] || line.At <= owner.End))
            {
                (line.Kind == "log" ? owner.Log : owner.Wire).Add(line);
            }
        }

        foreach (var repeat in extra)
        {
            repeat.File = scenario.Path;
        }

        string verdict = result.Passed ? "PASS" : "FAIL";
        progress.WriteLine(result.Error != null
            ? $"  {verdict}: {result.Error}"
            : $"  {verdict} {name} in {Seconds(result.End - result.Start)}");
        return [result, .. extra];
    }

    private async Task<StepResult> RunStepAsync(StepActions actions, StepSpec step, string counter, bool quiet = false)
    {
        var result = new StepResult { Title = step.Title, Line = step.Line, Start = DateTimeOffset.UtcNow };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
        timeout.CancelAfter(step.Timeout);
        try
        {
            await actions.RunAsync(step, timeout.Token).WaitAsync(step.Timeout + TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            result.Passed = true;
        }
        catch (StepFailedException e)
        {
            result.Message = e.Message;
            result.Expected = e.Expected;
            result.Actual = e.Actual;
        }
        catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
        {
            result.Message = "interrupted (Ctrl+C)";
            result.Expected = "the step completes";
            result.Actual = "interrupted";
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            result.Message = $"timed out after {Seconds(step.Timeout)}";
            result.Expected = "done within " + Seconds(step.Timeout);
            result.Actual = "still running";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result.Message = e.GetType().Name + ": " + e.Message;
            result.Expected = "the step completes";
            result.Actual = e.Message;
        }

        await actions.CatchUpAsync().ConfigureAwait(false);
        result.End = DateTimeOffset.UtcNow;
        if (!quiet || !result.Passed)
        {
            progress.WriteLine($"  {counter} {step.Title} ... {(result.Passed ? "PASS" : "FAIL")} ({Seconds(result.Elapsed)})");
        }

        if (!result.Passed)
        {
            progress.WriteLine($"      {result.Message}");
            progress.WriteLine($"      expected: {result.Expected}");
            progress.WriteLine($"      actual:   {result.Actual}");
        }

        return result;
    }

    private async Task<StepResult> RepeatAsync(StepActions actions, StepSpec step, string counter, string caseName, List<CaseResult> extra)
    {
        var result = new StepResult { Title = step.Title, Line = step.Line, Start = DateTimeOffset.UtcNow };
        var cell = new CaseResult { Scenario = caseName, File = string.Empty, Name = $"{caseName} / {step.Title} (line {step.Line})", Start = result.Start };
        var latencies = new List<double>();
        for (int i = 0; i < step.Count && result.Message == null; i++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var inner in step.Steps)
            {
                var innerResult = await RunStepAsync(actions, inner, $"{counter} #{i + 1}", quiet: true).ConfigureAwait(false);
                if (!innerResult.Passed)
                {
                    result.Message = $"iteration {i + 1}: {inner.Title}: {innerResult.Message}";
                    result.Expected = innerResult.Expected;
                    result.Actual = innerResult.Actual;
                    break;
                }
            }

            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        if (result.Message == null && latencies.Count > 0)
        {
            latencies.Sort();
            double p50 = latencies[(int)Math.Ceiling(0.50 * latencies.Count) - 1];
            double p95 = latencies[(int)Math.Ceiling(0.95 * latencies.Count) - 1];
            string figures = $"p50 {p50.ToString("F1", CultureInfo.InvariantCulture)} ms, p95 {p95.ToString("F1", CultureInfo.InvariantCulture)} ms, max {latencies[^1].ToString("F1", CultureInfo.InvariantCulture)} ms over {latencies.Count}";
            result.Wire.Add(new TimedLine(DateTimeOffset.UtcNow, "wire", "latency: " + figures));
            if (step.P95Milliseconds is double bound && p95 > bound)
            {
                result.Message = "p95 latency over the bound";
                result.Expected = $"p95 <= {bound} ms";
                result.Actual = figures;
            }
            else
            {
                result.Passed = true;
                result.Message = figures;
            }
        }

        result.End = DateTimeOffset.UtcNow;
        progress.WriteLine($"  {counter} {step.Title} ... {(result.Passed ? "PASS" : "FAIL")} ({Seconds(result.Elapsed)}) {(result.Passed ? result.Message : "")}");
        if (!result.Passed)
        {
            progress.WriteLine($"      {result.Message}");
            progress.WriteLine($"      expected: {result.Expected}");
            progress.WriteLine($"      actual:   {result.Actual}");
        }

        cell.Steps.Add(result);
        cell.End = result.End;
        extra.Add(cell);
        return result;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
}
