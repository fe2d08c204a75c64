using Accessory.Simulator.Fleet;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// deploy/: the Kubernetes manifests parse and hang together (the Indexed Job hands each pod its slice, the fleet
/// file the ConfigMap carries is a valid fleet file, the pod's memory limit covers what that fleet really uses here),
/// and the Dockerfile copies every project the CLI is built from. No cluster or image build runs here.
/// </summary>
public sealed class DeployManifestTests
{
    private static string Deploy => Path.Combine(BuildPaths.RepoRoot, "deploy");

    [Fact]
    public void Every_manifest_is_yaml_with_api_version_kind_and_name()
    {
        var files = Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var root = Load(file);
            Assert.False(string.IsNullOrEmpty(Scalar(root, "apiVersion")), file);
            Assert.False(string.IsNullOrEmpty(Scalar(root, "kind")), file);
            Assert.False(string.IsNullOrEmpty(Scalar(root, "metadata", "name")), file);
        }
    }

    [Fact]
    public void The_indexed_job_gives_each_pod_its_slice_of_the_configmaps_fleet()
    {
        var job = Load(Path.Combine(Deploy, "k8s", "fleet-job.yaml"));
        var config = Load(Path.Combine(Deploy, "k8s", "fleet-configmap.yaml"));
        Assert.Equal(("batch/v1", "Job", "Indexed"), (Scalar(job, "apiVersion"), Scalar(job, "kind"), Scalar(job, "spec", "completionMode")));
        int completions = int.Parse(Scalar(job, "spec", "completions")!, System.Globalization.CultureInfo.InvariantCulture);
        string? ns = Scalar(job, "metadata", "namespace");
        Assert.False(string.IsNullOrEmpty(ns), "the Job names no namespace");
        Assert.Equal(ns, Scalar(config, "metadata", "namespace"));

        var container = (YamlMappingNode)((YamlSequenceNode)Node(job, "spec", "template", "spec", "containers")).Children[0];
        var args = ((YamlSequenceNode)container.Children[new YamlScalarNode("args")]).Children.Select(a => ((YamlScalarNode)a).Value!).ToList();
        Assert.Equal("fleet", args[0]);
        Assert.Equal("$(SLICE)", args[args.IndexOf("--slice") + 1]);
        var env = ((YamlSequenceNode)container.Children[new YamlScalarNode("env")]).Children.Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == "SLICE");
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", Scalar(env, "valueFrom", "fieldRef", "fieldPath"));
        var broker = BrokerUri.Parse(args[args.IndexOf("--broker") + 1]);
        Assert.Equal(BrokerUriKind.Tcp, broker.Kind);

        // The file the pod reads is the ConfigMap's key, mounted where --file points.
        string file = args[args.IndexOf("--file") + 1];
        var mount = ((YamlSequenceNode)container.Children[new YamlScalarNode("volumeMounts")]).Children.Cast<YamlMappingNode>().Single(m => file.StartsWith(Scalar(m, "mountPath")! + "/", StringComparison.Ordinal));
        var volume = ((YamlSequenceNode)Node(job, "spec", "template", "spec", "volumes")).Children.Cast<YamlMappingNode>().Single(v => Scalar(v, "name") == Scalar(mount, "name"));
        Assert.Equal(Scalar(config, "metadata", "name"), Scalar(volume, "configMap", "name"));
        string key = Path.GetFileName(file);
        var fleet = FleetFileLoader.Parse(Scalar(config, "data", key)!, "configmap:" + key);

        // Ids of all pods fit below 2^31.
        Assert.True((long)completions * fleet.TotalDevices < int.MaxValue);
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
    }

    [Fact]
    public void The_pods_fleet_run_here_peaks_well_under_the_pods_memory_limit()
    {
        // Run what one pod runs (the ConfigMap's fleet file, slice 1, the Job's args) against a local mosquitto
        // instead of EMQX, and hold the pod's memory limit against the peak RSS the fleet itself reports.
        var job = Load(Path.Combine(Deploy, "k8s", "fleet-job.yaml"));
        var config = Load(Path.Combine(Deploy, "k8s", "fleet-configmap.yaml"));
        var container = (YamlMappingNode)((YamlSequenceNode)Node(job, "spec", "template", "spec", "containers")).Children[0];
        double limitMib = Mebibytes(Scalar(container, "resources", "limits", "memory")!);
        using var dir = new TempDirectory("pod-fleet");
        string file = Path.Combine(dir.Path, "fleet.yaml");
        File.WriteAllText(file, Scalar(config, "data", "fleet.yaml")!);
        int devices = FleetFileLoader.Parse(File.ReadAllText(file), file).TotalDevices;
        using var broker = new Accessory.Simulator.Tests.Mqtt.Mosquitto();

        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file, "--broker", broker.Uri.ToString(), "--slice", "1");

        // Stopped once all are up and a few seconds of telemetry have run, so a slow machine only waits longer.
        Assert.True(sim.WaitForLine(l => l.StartsWith($"all {devices} connected", StringComparison.Ordinal), TimeSpan.FromSeconds(120)), sim.AllOutput);
        Thread.Sleep(3000);
        sim.Interrupt();
        Assert.True(sim.WaitForExit(TimeSpan.FromSeconds(120)) == 0, sim.AllOutput);
        string summary = Assert.Single(sim.StdoutLines, l => l.StartsWith("connected ", StringComparison.Ordinal));
        Assert.Contains($"(ever connected {devices}/{devices}, never 0)", summary, StringComparison.Ordinal);
        // The fleet prints VmHWM in units of 1,048,576 bytes.
        double peakMib = double.Parse(summary.Split("peak RSS ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(limitMib >= peakMib * 1.5, $"memory limit {limitMib} MiB, but {devices} devices peaked at {peakMib:F0} MiB here: {summary}");
    }

    [Fact]
    public void The_dockerfile_copies_every_project_the_cli_is_built_from()
    {
        // The image's build stage restores from project files alone, then compiles: so every project file of the
        // closure and every file such a project imports must be copied before the restore, and every source a
        // project compiles, and every .editorconfig above it (its analyzer settings are errors here), before the
        // publish. An earlier Dockerfile missed three of these and its image never built.
        var lines = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile"));
        int restoreAt = Array.FindIndex(lines, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        int publishAt = Array.FindIndex(lines, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        Assert.True(restoreAt > 0 && publishAt > restoreAt, "the build stage restores, then publishes");
        var beforeRestore = CopySources(lines[..restoreAt]);
        var beforePublish = CopySources(lines[..publishAt]);
        foreach (var source in beforePublish)
        {
            Assert.True(File.Exists(Path.Combine(BuildPaths.RepoRoot, source)) || Directory.Exists(Path.Combine(BuildPaths.RepoRoot, source)), "COPY source missing: " + source);
        }

        foreach (var shared in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.True(IsCopied(beforeRestore, shared), shared + " not copied before the restore");
        }

        var ignored = File.ReadAllLines(Path.Combine(BuildPaths.RepoRoot, ".dockerignore")).Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Contains("**/obj", ignored);
        foreach (var project in ProjectClosure(Path.Combine(BuildPaths.RepoRoot, "simulator", "Accessory.Simulator.Cli", "Accessory.Simulator.Cli.csproj")))
        {
            string relative = Relative(project);
            Assert.True(IsCopied(beforeRestore, relative), "not copied before the restore: " + relative);
            var xml = System.Xml.Linq.XDocument.Load(project);
            string folder = Path.GetDirectoryName(project)!;
            foreach (var import in xml.Descendants("Import"))
            {
                string imported = Relative(Path.Combine(folder, import.Attribute("Project")!.Value));
                Assert.True(IsCopied(beforeRestore, imported), $"{relative} imports {imported}, not copied before the restore");
            }

            Assert.True(IsCopied(beforePublish, Path.GetDirectoryName(relative)! + "/x.cs"), "sources of " + relative + " not copied before the publish");
            foreach (var compile in xml.Descendants("Compile").Select(c => c.Attribute("Include")?.Value).OfType<string>())
            {
                string root = compile[..compile.IndexOf("**", StringComparison.Ordinal)];
                string linked = Relative(Path.Combine(folder, root)).TrimEnd('/') + "/";
                Assert.True(IsCopied(beforePublish, linked + "x.cs"), $"{relative} compiles {linked}, not copied before the publish");
            }

            for (var dir = new DirectoryInfo(folder); dir.FullName.Length >= BuildPaths.RepoRoot.TrimEnd('/').Length; dir = dir.Parent!)
            {
                string config = Path.Combine(dir.FullName, ".editorconfig");
                if (File.Exists(config))
                {
                    Assert.True(IsCopied(beforePublish, Relative(config)), $"{Relative(config)} (analyzer settings of {relative}) not copied");
                }
            }
        }
    }

    private static List<string> CopySources(IEnumerable<string> lines) => lines
        .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
        .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToList();

    private static bool IsCopied(List<string> sources, string path) =>
        sources.Any(c => c == path || (c.EndsWith('/') && path.StartsWith(c, StringComparison.Ordinal)));

    private static string Relative(string path) => Path.GetRelativePath(BuildPaths.RepoRoot, Path.GetFullPath(path)).Replace('\\', '/');

    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next))
            {
                continue;
            }

            var xml = System.Xml.Linq.XDocument.Load(next);
            foreach (var reference in xml.Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Attribute("Include")!.Value)));
            }
        }

        return seen;
    }

    private static double Mebibytes(string quantity) => quantity.EndsWith("Gi", StringComparison.Ordinal)
        ? double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024
        : quantity.EndsWith("Mi", StringComparison.Ordinal) ? double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture)
        : throw new FormatException("unexpected memory quantity " + quantity);

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static YamlNode Node(YamlMappingNode root, params string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode root, params string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return (node as YamlScalarNode)?.Value;
    }
}
