using Accessory.Simulator.Http;

namespace Accessory.Simulator.Faults;

/// <summary>Routes another part adds to the control server; each writes its whole response and closes.</summary>
internal interface IControlRoutes
{
    bool Handles(string method, string path);

    /// <returns>The status sent, for the request log.</returns>
    Task<int> ServeAsync(HttpRequest request, Stream stream, CancellationToken stopping);
}
