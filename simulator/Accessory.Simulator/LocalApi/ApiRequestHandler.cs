using System.Globalization;
using System.Text;
using Accessory.Core.LocalApi;
using Accessory.Simulator.Faults;
using CoreHttp = Accessory.Core.Http;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// Turns one request into one response: the core's answer (<see cref="LocalApiHttpService.Answer"/>, the same as
/// the board's), wrapped in the HTTP faults (http.status answers instead of the router, http.vary shapes caching
/// headers and varies the body by the chosen request header). Faults that act on time or on the wire (http.delay,
/// http.reset) are the connection's business.
/// </summary>
internal sealed class ApiRequestHandler
{
    private readonly LocalApiHttpService _service;
    private readonly ActiveFaults _faults;

    public ApiRequestHandler(LocalApiHttpService service, ActiveFaults faults)
    {
        _service = service;
        _faults = faults;
    }

    public static bool Matches(FaultSpec fault, string path) => path.StartsWith(fault.GetString("path"), StringComparison.Ordinal);

    public CoreHttp.HttpResponse Handle(CoreHttp.HttpRequest request)
    {
        if (_faults.TryGet(FaultNames.HttpStatus, out var status) && Matches(status, request.Path) && _faults.TryConsume(FaultNames.HttpStatus, out status))
        {
            Accessory.Simulator.Metrics.SimulatorMetrics.FaultsFired.WithLabels(FaultNames.HttpStatus).Inc();
            var faulted = FaultStatus(status);
            faulted.Close = !request.KeepAlive;
            return faulted;
        }

        var response = _service.Answer(request);
        if (_faults.TryGet(FaultNames.HttpVary, out var vary) && Matches(vary, request.Path) && response.Status == 200)
        {
            Accessory.Simulator.Metrics.SimulatorMetrics.FaultsFired.WithLabels(FaultNames.HttpVary).Inc();
            ApplyVary(vary, request, response);
        }

        return response;
    }

    private static CoreHttp.HttpResponse FaultStatus(FaultSpec fault)
    {
        int code = fault.GetInt("code");
        var response = LocalApiHttpService.Error(code, "fault http.status: the simulator answers " + code.ToString(CultureInfo.InvariantCulture));
        if (fault.GetOptionalInt("retry-after") is int seconds)
        {
            response.SetHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    // The body names the header's value, so a cache that serves one client's copy to a request with another value is
    // caught red-handed: the answer says which value it was made for.
    private static void ApplyVary(FaultSpec fault, CoreHttp.HttpRequest request, CoreHttp.HttpResponse response)
    {
        string header = fault.GetString("header");
        string value = request.Header(header) ?? string.Empty;
        response.SetHeader("Cache-Control", fault.GetString("cache-control"));
        if (fault.GetBool("vary"))
        {
            response.SetHeader("Vary", header);
        }

        var body = response.Body;
        if (body.Length >= 2 && body[0] == (byte)'{')
        {
            string field = "\"varied\":{\"header\":\"" + System.Text.Json.JsonEncodedText.Encode(header) + "\",\"value\":\"" +
                System.Text.Json.JsonEncodedText.Encode(value) + "\"}" + (body.Length > 2 ? "," : string.Empty);
            var extra = Encoding.UTF8.GetBytes(field);
            var merged = new byte[body.Length + extra.Length];
            merged[0] = (byte)'{';
            extra.CopyTo(merged, 1);
            Array.Copy(body, 1, merged, 1 + extra.Length, body.Length - 1);
            response.Body = merged;
        }
    }
}
