using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Accessory.Simulator.Cli;

/// <summary>`accessory-sim faults list|catalogue|set|clear`: a client of a running simulator's fault control API.</summary>
internal static class FaultsCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var port = FaultCliOptions.ControlPortOption("Port of the running simulator's fault control API on 127.0.0.1.");
        var list = new Command("list", "Show the active faults.");
        list.SetAction((r, c) => CallAsync(r.GetValue(port), HttpMethod.Get, "/faults", null, c));

        var catalogue = new Command("catalogue", "Show every fault the simulator knows, with its parameters.");
        catalogue.SetAction((r, c) => CallAsync(r.GetValue(port), HttpMethod.Get, "/faults/catalogue", null, c));

        var specs = new Argument<string[]>("spec") { Description = "NAME or NAME:param=value,... (one or more).", Arity = ArgumentArity.OneOrMore };
        var set = new Command("set", "Activate faults (all or none), replacing active ones of the same name.") { specs };
        set.SetAction((r, c) => CallAsync(r.GetValue(port), HttpMethod.Post, "/faults", string.Join('\n', r.GetValue(specs)!), c));

        var name = new Argument<string?>("name") { Description = "Fault to clear; without it every fault is cleared.", Arity = ArgumentArity.ZeroOrOne };
        var clear = new Command("clear", "Clear one fault, or all of them.") { name };
        clear.SetAction((r, c) =>
        {
            string? fault = r.GetValue(name);
            return CallAsync(r.GetValue(port), HttpMethod.Delete, fault == null ? "/faults" : "/faults/" + Uri.EscapeDataString(fault), null, c);
        });

        var command = new Command("faults", "Inspect or change the faults of a running simulator (its control API on 127.0.0.1).")
        {
            list,
            catalogue,
            set,
            clear,
        };
        port.Recursive = true;
        command.Options.Add(port);
        return command;
    }

    private static async Task<int> CallAsync(int port, HttpMethod method, string path, string? body, CancellationToken cancel)
    {
        if (port is < 1 or > 65535)
        {
            await Console.Error.WriteLineAsync($"error: --control-port {port} is not a port (1..65535)").ConfigureAwait(false);
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout };
        using var request = new HttpRequestMessage(method, path);
        if (body != null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        }

        string text;
        int status;
        try
        {
            using var response = await http.SendAsync(request, cancel).ConfigureAwait(false);
            status = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            await Console.Error.WriteLineAsync($"error: no fault control API on 127.0.0.1:{port} ({e.InnerException.Message}); is `accessory-sim run` running with --control-port {port}?").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: talking to 127.0.0.1:{port} failed: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            if (status >= 400)
            {
                string error = json.RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? text : text;
                await Console.Error.WriteLineAsync($"error: {error} (HTTP {status})").ConfigureAwait(false);
                return 1;
            }

            Console.Out.Write(path == "/faults/catalogue" ? FaultsTable.Catalogue(json.RootElement) : FaultsTable.Active(json.RootElement));
            return 0;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            await Console.Error.WriteLineAsync($"error: unexpected answer from 127.0.0.1:{port} (HTTP {status}): {text}").ConfigureAwait(false);
            return 1;
        }
    }
}
