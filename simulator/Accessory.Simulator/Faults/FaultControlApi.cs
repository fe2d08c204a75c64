using System.Text;

namespace Accessory.Simulator.Faults;

/// <summary>Routes one control request to the registry; no sockets here.</summary>
internal sealed class FaultControlApi
{
    private const string Root = "/faults";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ActiveFaults _faults;

    public FaultControlApi(ActiveFaults faults)
    {
        _faults = faults;
    }

    public FaultControlResponse Handle(string method, string path, byte[] body)
    {
        string route = path.Length > 1 ? path.TrimEnd('/') : path;
        if (route == Root)
        {
            return method switch
            {
                "GET" => Ok(),
                "POST" => Post(body),
                "DELETE" => ClearAll(),
                _ => NotAllowed("GET, POST, DELETE"),
            };
        }

        if (route == Root + "/catalogue")
        {
            return method == "GET" ? new FaultControlResponse(200, FaultControlJson.Catalogue()) : NotAllowed("GET");
        }

        if (route.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            string name = Uri.UnescapeDataString(route[(Root.Length + 1)..]);
            return method switch
            {
                "GET" => Get(name),
                "DELETE" => Clear(name),
                _ => NotAllowed("GET, DELETE"),
            };
        }

        return new FaultControlResponse(404, FaultControlJson.Error($"no resource '{Shorten(path)}' (try GET /faults, GET /faults/catalogue, POST /faults, DELETE /faults/NAME)"));
    }

    private static FaultControlResponse NotAllowed(string allow) =>
        new(405, FaultControlJson.Error($"method not allowed here (allowed: {allow})"), allow);

    private static FaultControlResponse BadRequest(string message) => new(400, FaultControlJson.Error(message));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private FaultControlResponse Ok() => new(200, FaultControlJson.Active(_faults.Snapshot()));

    private FaultControlResponse Post(byte[] body)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return BadRequest("the body is not UTF-8 text; send one fault spec per line");
        }

        // Parse every line before touching the registry, so a bad line changes nothing.
        var specs = new List<FaultSpec>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            try
            {
                var spec = FaultSpec.Parse(line);
                if (specs.Any(s => s.Name == spec.Name))
                {
                    return BadRequest($"line {i + 1}: fault '{spec.Name}' is given twice; nothing was changed");
                }

                specs.Add(spec);
            }
            catch (FaultSpecException e)
            {
                string where = lines.Length > 1 ? $"line {i + 1}: " : string.Empty;
                return BadRequest(where + e.Message + "; nothing was changed");
            }
        }

        if (specs.Count == 0)
        {
            return BadRequest("the body holds no fault spec; send one per line, e.g. http.delay:ms=500");
        }

        _faults.SetAll(specs);
        return Ok();
    }

    private FaultControlResponse Get(string name) =>
        _faults.TryGet(name, out var spec)
            ? new FaultControlResponse(200, FaultControlJson.Active([spec]))
            : NotActive(name);

    private FaultControlResponse Clear(string name) => _faults.Clear(name) ? Ok() : NotActive(name);

    private FaultControlResponse ClearAll()
    {
        _faults.ClearAll();
        return Ok();
    }

    private FaultControlResponse NotActive(string name)
    {
        string message = FaultCatalogue.TryGet(name, out _)
            ? $"fault '{name}' is not active (active: {Names()})"
            : $"unknown fault '{Shorten(name)}' (known faults: {string.Join(", ", FaultCatalogue.Names)})";
        return new FaultControlResponse(404, FaultControlJson.Error(message));
    }

    private string Names()
    {
        var active = _faults.Snapshot();
        return active.Count == 0 ? "none" : string.Join(", ", active.Select(s => s.Name));
    }
}
