using System;
using Accessory.Core.Cloud.Json;
using Accessory.Core.Commands;
using Accessory.Core.Device;

namespace Accessory.Core.LocalApi;

/// <summary>
/// The local control API (HTTPS + WebSocket on the LAN) without the transport: method, path and body bytes in, a
/// response out. Total: any input gives a response, never an exception. The state changes only on a 200 PUT of
/// /state or a 200 POST of a command.
/// </summary>
/// <remarks>
/// Routing order: missing method or path -> 400; body over <see cref="LocalApiPaths.MaxBodyBytes"/> -> 413 (before
/// routing, as a server checking Content-Length would); unknown path or command -> 404; wrong method -> 405 with
/// Allow. Paths match exactly, so "/api/v1/info/" is an unknown path (404).
/// </remarks>
public sealed class LocalApiRouter
{
    private const string Get = "GET";
    private const string Put = "PUT";
    private const string Post = "POST";

    // Echoing a hostile multi-kilobyte path back in an error would only cost memory on the device.
    private const int MaxEchoedLength = 64;

    private readonly string _deviceId;
    private readonly string _name;
    private readonly string _model;
    private readonly string _firmwareVersion;
    private readonly DeviceLifecycle _lifecycle;
    private readonly DeviceCommands _commands;

    public LocalApiRouter(string deviceId, string name, string model, string firmwareVersion, DeviceLifecycle lifecycle, DeviceCommands commands)
    {
        if (deviceId == null || name == null || model == null || firmwareVersion == null || lifecycle == null || commands == null)
        {
            throw new ArgumentNullException(nameof(deviceId), "every LocalApiRouter dependency is required");
        }

        _deviceId = deviceId;
        _name = name;
        _model = model;
        _firmwareVersion = firmwareVersion;
        _lifecycle = lifecycle;
        _commands = commands;
    }

    public LocalApiResponse Handle(string method, string path, byte[] body)
    {
        if (method == null || method.Length == 0)
        {
            return Error(400, "no method");
        }

        if (path == null || path.Length == 0 || path[0] != '/')
        {
            return Error(400, "the path must start with /");
        }

        if (body == null)
        {
            body = new byte[0];
        }

        if (body.Length > LocalApiPaths.MaxBodyBytes)
        {
            return Error(413, "body of " + body.Length + " bytes exceeds " + LocalApiPaths.MaxBodyBytes);
        }

        var route = WithoutQuery(path);
        if (route == LocalApiPaths.Info)
        {
            return method == Get ? Json(200, InfoJson()) : NotAllowed(method, route, Get);
        }

        if (route == LocalApiPaths.State)
        {
            if (method == Get)
            {
                return Json(200, _commands.Lamp.ToJson());
            }

            return method == Put ? PutState(body) : NotAllowed(method, route, Get + ", " + Put);
        }

        if (route == LocalApiPaths.Events)
        {
            // The server answers the WebSocket upgrade itself; a plain GET reaching the router lacks it.
            return method == Get ? Error(426, "use a WebSocket upgrade on " + LocalApiPaths.Events) : NotAllowed(method, route, Get);
        }

        if (StartsWith(route, LocalApiPaths.CommandsPrefix))
        {
            return CommandRoute(method, route, route.Substring(LocalApiPaths.CommandsPrefix.Length), body);
        }

        return Error(404, "no endpoint " + Echo(route));
    }

    private LocalApiResponse PutState(byte[] body)
    {
        var request = StateUpdateRequest.Parse(body, out string error);
        if (request == null)
        {
            return Error(400, error);
        }

        request.ApplyTo(_commands.Lamp);
        return Json(200, _commands.Lamp.ToJson());
    }

    private LocalApiResponse CommandRoute(string method, string route, string name, byte[] body)
    {
        if (name.Length == 0 || HasSlash(name))
        {
            return Error(404, "no endpoint " + Echo(route));
        }

        if (!CommandNames.IsKnown(name))
        {
            return new LocalApiResponse(404, CommandOutcome.Failure("unknown command " + Echo(name), null).ToJson(), null);
        }

        if (method != Post)
        {
            return NotAllowed(method, route, Post);
        }

        // curl -X POST with no body is the natural way to reboot; it means the empty object.
        var payload = body.Length == 0 ? new byte[] { (byte)'{', (byte)'}' } : body;
        var outcome = _commands.Execute(name, payload);
        var response = new LocalApiResponse(outcome.Ok ? 200 : 400, outcome.ToJson(), null);
        _commands.Complete(outcome);
        return response;
    }

    private byte[] InfoJson()
    {
        return new JsonWriter()
            .WriteString("id", _deviceId)
            .WriteString("name", _name)
            .WriteString("model", _model)
            .WriteString("fw", _firmwareVersion)
            .WriteString("proto", LocalApiPaths.ProtocolVersion)
            .WriteString("state", DeviceLifecycle.StateName(_lifecycle.State))
            .ToBytes();
    }

    private static LocalApiResponse NotAllowed(string method, string route, string allow)
    {
        var body = new JsonWriter().WriteString("error", "method " + Echo(method) + " is not allowed on " + route + "; allowed: " + allow).ToBytes();
        return new LocalApiResponse(405, body, allow);
    }

    private static LocalApiResponse Error(int status, string reason)
    {
        return new LocalApiResponse(status, new JsonWriter().WriteString("error", reason).ToBytes(), null);
    }

    private static LocalApiResponse Json(int status, byte[] body) => new LocalApiResponse(status, body, null);

    private static string WithoutQuery(string path)
    {
        int query = path.IndexOf('?');
        return query < 0 ? path : path.Substring(0, query);
    }

    private static bool StartsWith(string text, string prefix)
    {
        return text.Length >= prefix.Length && text.Substring(0, prefix.Length) == prefix;
    }

    private static bool HasSlash(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '/')
            {
                return true;
            }
        }

        return false;
    }

    private static string Echo(string text)
    {
        if (text.Length <= MaxEchoedLength)
        {
            return "\"" + text + "\"";
        }

        var head = text.Substring(0, MaxEchoedLength);
        return "\"" + head + "...\"";
    }
}
