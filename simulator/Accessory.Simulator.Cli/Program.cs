using System.CommandLine;
using Accessory.Simulator.Cli;
using Accessory.Simulator.Platform;

// Before anything starts threads: glibc fixes its arena limit when a thread first needs a ninth arena.
MallocArenas.Cap();

var root = new RootCommand("accessory-sim: a simulated smart accessory (lamp, sensor, plug) for testing phone apps and QA flows.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(SettingsCommand.Create());
root.Subcommands.Add(FaultsCommand.Create());
root.Subcommands.Add(Accessory.Simulator.Cli.Bench.BenchCommand.Create());
root.Subcommands.Add(BleCommand.Create());
root.Subcommands.Add(NanCommand.Create());
root.Subcommands.Add(ProvisionCommand.Create());
root.Subcommands.Add(TestCommand.Create());
root.Subcommands.Add(Accessory.Simulator.Cli.Fleet.FleetCommand.Create());
root.Subcommands.Add(BoardCommand.Create());
root.Subcommands.Add(FirmwareBody.CreateChildCommand());
if (OperatingSystem.IsLinux())
{
    root.Subcommands.Add(Accessory.Simulator.Cli.Bench.SoakBrokerProcess.CreateChildCommand());
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
