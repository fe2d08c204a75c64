using System.Text;
using System.Text.Json;
using Accessory.Core.Cloud;
using Accessory.Core.Commands;
using Accessory.Core.Device;
using Accessory.Core.LocalApi;

namespace Accessory.Core.Tests.LocalApi;

internal sealed class LocalApiHarness
{
    public const string DeviceId = "A1B2C3D4E5F6";

    public LocalApiHarness()
    {
        Commands = new DeviceCommands(DeviceId, Lamp);
        Commands.IdentifyRequested += s => Identifies.Add(s);
        Commands.RebootRequested += () => Reboots++;
        Commands.FactoryResetRequested += () => FactoryResets++;
        Lamp.Changed += _ => LampChanges++;
        Router = new LocalApiRouter(DeviceId, "Desk lamp", "lamp-1", "1.4.2", Lifecycle, Commands);
    }

    public LampState Lamp { get; } = new();

    public DeviceLifecycle Lifecycle { get; } = new(hasStoredCredentials: true);

    public DeviceCommands Commands { get; }

    public LocalApiRouter Router { get; }

    public List<int> Identifies { get; } = new();

    public int Reboots { get; set; }

    public int FactoryResets { get; set; }

    public int LampChanges { get; set; }

    /// <summary>Every side effect a request can have, for "nothing changed" assertions.</summary>
    public string Effects => Lamp.On + "/" + Lamp.Brightness + "/" + LampChanges + "/" + Identifies.Count + "/" + Reboots + "/" + FactoryResets;

    public LocalApiResponse Send(string method, string path, string? body = null)
    {
        return Router.Handle(method, path, body == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(body));
    }

    public static JsonElement Json(LocalApiResponse response)
    {
        Assert.Equal("application/json", response.ContentType);
        return JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    public static string Error(LocalApiResponse response) => Json(response).GetProperty("error").GetString()!;
}
