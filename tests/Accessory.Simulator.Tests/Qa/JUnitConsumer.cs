using System.Diagnostics;

namespace Accessory.Simulator.Tests.Qa;

/// <summary>
/// Reads a JUnit file with Debian's python3-junitparser (a real consumer, as CI plugins are) and prints one line per
/// testcase: "PASS|FAIL|ERROR<TAB>classname<TAB>name<TAB>message<TAB>text".
/// </summary>
internal static class JUnitConsumer
{
    private const string Script = """
        import sys
        from junitparser import JUnitXml, Failure, Error
        xml = JUnitXml.fromfile(sys.argv[1])
        for suite in xml:
            print("SUITE\t%s\t%d\t%d\t%d" % (suite.name, suite.tests, suite.failures, suite.errors))
            for case in suite:
                verdict, message, text = "PASS", "", ""
                for r in case.result:
                    verdict = "FAIL" if isinstance(r, Failure) else "ERROR" if isinstance(r, Error) else verdict
                    message, text = r.message or "", (r.text or "").replace("\n", " | ")
                print("%s\t%s\t%s\t%s\t%s" % (verdict, case.classname, case.name, message, text))
        """;

    public static IReadOnlyList<string[]> Read(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "python3 junitparser did not finish");
        Assert.True(process.ExitCode == 0, "junitparser could not read the report (apt-get install python3-junitparser): " + error);
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
    }
}
