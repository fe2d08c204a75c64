using System.CommandLine;

namespace Accessory.Simulator.Cli;

/// <summary>`accessory-sim nan ...`: a phone's view of Wi-Fi Aware discovery over the simulated NAN medium.</summary>
internal static class NanCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service-name")
        {
            Description = "Service to look for: an iOS Info.plist key such as _accessory._tcp, or any Android service name.",
        };
        var iface = new Option<string?>("--interface") { Description = "Interface of the simulated NAN medium (required: multicast never goes to a default interface)." };
        var seconds = new Option<int>("--seconds") { Description = "How long to subscribe.", DefaultValueFactory = _ => 10 };
        var active = new Option<bool>("--active") { Description = "Send subscribes (solicit replies) instead of only listening." };
        var send = new Option<string?>("--send") { Description = "A follow-up message (UTF-8) to send to each publisher found." };
        var dataPath = new Option<bool>("--datapath")
        {
            Description = "Request a data path from each publisher found; on accept GET /api/v1/info over HTTPS at the returned address (any certificate accepted), on reject print the reason.",
        };
        var subscribe = new Command("subscribe", "Subscribe and print NAN-DISCOVERY-RESULT and NAN-RECEIVE lines; exits 1 when nothing was found.")
        {
            service,
            iface,
            seconds,
            active,
            send,
            dataPath,
        };
        subscribe.SetAction((r, cancel) => NanSubscribeRun.RunAsync(
            new NanSubscribeRequest(r.GetValue(service)!, r.GetValue(iface), r.GetValue(seconds), r.GetValue(active), r.GetValue(send), r.GetValue(dataPath)),
            cancel));

        return new Command("nan", "Wi-Fi Aware (NAN) discovery over the simulated medium (UDP multicast on one interface).") { subscribe, NanRadioRun.CreateCommand() };
    }
}
