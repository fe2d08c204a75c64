using System.Net.Security;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>The local API step: HTTPS requests with the device certificate pinned, and their expectations.</summary>
internal sealed partial class StepActions
{
    private async Task ApiAsync(StepSpec step, CancellationToken cancel)
    {
        var apiBase = target.ApiBase ?? throw new StepFailedException("the target has no local API (device.api: false, or no --device-api)", "a local API", "none");
        using var fresh = step.Pooled ? null : new HttpClient(new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Pinned(step.TrustAny) } });
        var http = fresh ?? (_pooled ??= new HttpClient(new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Pinned(trustAny: false) }, MaxConnectionsPerServer = 1 }));
        var uri = new Uri(apiBase, step.Path);
        HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(new HttpMethod(step.Method), uri);
            foreach (var (name, value) in step.RequestHeaders)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            foreach (var (name, value) in SettingsToken())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (step.Body != null)
            {
                request.Content = new StringContent(step.Body, Encoding.UTF8, "application/json");
            }

            return request;
        }

        // No retry on a refused connection: the device's API listens before its state reads online
        // (OnlineOrderTests), so a refusal after a wait for online is a finding, not a race of the runner.
        HttpResponseMessage response;
        using (var request = Build())
        {
            Wire($"> {step.Method} {uri}");
            try
            {
                response = await http.SendAsync(request, cancel).WaitAsync(step.Timeout, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException)
            {
                string text = Describe(e);
                Wire("! " + text);
                if (step.ExpectError != null && text.Contains(step.ExpectError, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                throw new StepFailedException($"{step.Method} {step.Path} failed", step.ExpectError == null ? $"HTTP {step.ExpectStatus ?? 200}" : "error containing '" + step.ExpectError + "'", "error: " + text);
            }
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            Wire($"< HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}");
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                Wire($"< {header.Key}: {string.Join(", ", header.Value)}");
            }

            Wire("< " + (body.Length > 400 ? body[..400] + "…" : body));
            if (step.ExpectError != null)
            {
                throw new StepFailedException($"{step.Method} {step.Path} succeeded", "error containing '" + step.ExpectError + "'", $"HTTP {(int)response.StatusCode}");
            }

            int expected = step.ExpectStatus ?? 200;
            if ((int)response.StatusCode != expected)
            {
                throw new StepFailedException($"{step.Method} {step.Path} answered {(int)response.StatusCode}", $"HTTP {expected}", $"HTTP {(int)response.StatusCode}: {body}");
            }

            var headers = response.Headers.Concat(response.Content.Headers).ToList();
            string? HeaderValue(string name) =>
                headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => string.Join(", ", h.Value)).FirstOrDefault();
            foreach (var (name, value) in step.ExpectHeaders)
            {
                string? actual = HeaderValue(name);
                if (actual != value)
                {
                    throw new StepFailedException($"header {name} differs", $"{name}: {value}", actual == null ? $"no {name} header" : $"{name}: {actual}");
                }
            }

            foreach (var name in step.ExpectNoHeaders)
            {
                if (HeaderValue(name) is { } present)
                {
                    throw new StepFailedException($"header {name} is present", $"no {name} header", $"{name}: {present}");
                }
            }

            if (step.ExpectJson.Count > 0)
            {
                JsonDocument json;
                try
                {
                    json = JsonDocument.Parse(body);
                }
                catch (JsonException e)
                {
                    throw new StepFailedException("the body is not JSON", "a JSON body", e.Message);
                }

                using (json)
                {
                    foreach (var (path, value) in step.ExpectJson)
                    {
                        string? actual = Field(json.RootElement, path);
                        if (actual != value)
                        {
                            throw new StepFailedException($"JSON field {path} differs", $"{path} = {value}", actual == null ? $"{path} missing in {body}" : $"{path} = {actual}");
                        }
                    }
                }
            }
        }
    }

    // A paired phone: the local API and its WebSocket need the device's access token (docs/security.md).
    private List<KeyValuePair<string, string>> SettingsToken() =>
        target.ApiToken is { } token ? [new("Authorization", "Bearer " + token)] : [];

    // As the companion app does: trust the device's own certificate by its SHA-256 (there is no CA for a LAN
    // device), recording what was presented; `tls_trust: any` accepts any chain (to reach a device under a chain fault).
    private RemoteCertificateValidationCallback Pinned(bool trustAny) => (_, certificate, chain, errors) =>
    {
        if (certificate == null)
        {
            Wire("tls: no certificate presented");
            return false;
        }

        string presented = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        string fingerprint = target.PinnedFingerprint ??= presented;
        bool pinned = string.Equals(presented, fingerprint, StringComparison.OrdinalIgnoreCase);
        Wire($"tls: certificate {certificate.Subject} issued by {certificate.Issuer}, SHA-256 {presented[..16]}..., {(pinned ? "pinned" : "not the device's pinned certificate")}, validation {errors}, chain {chain?.ChainElements.Count ?? 0} element(s)");
        return pinned || trustAny;
    };

    private static string? Field(JsonElement root, string path)
    {
        var element = root;
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => element.GetRawText(),
        };
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x != null; x = x.InnerException)
        {
            parts.Add(x.Message);
        }

        return string.Join(" -> ", parts.Distinct());
    }
}
