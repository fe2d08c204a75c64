using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `--log-format json`: one JSON object per line with fixed field names, documented in docs/dashboard.md:
/// time (UTC, ISO 8601 with milliseconds), level (trace, debug, info, warning, error, critical), category,
/// component (the category without "Accessory."), message, and eventId/exception only when there is one.
/// Not the stock JSON formatter: its State object repeats the message and its shape follows the logging call.
/// </summary>
internal sealed class JsonLineFormatter : ConsoleFormatter
{
    public const string FormatterName = "accessory-json";

    public JsonLineFormatter()
        : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        string? message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("level", Accessory.Simulator.Events.EventHubLoggerProvider.LevelName(logEntry.LogLevel));
            w.WriteString("category", logEntry.Category);
            w.WriteString("component", logEntry.Category.StartsWith("Accessory.", StringComparison.Ordinal) ? logEntry.Category["Accessory.".Length..] : logEntry.Category);
            w.WriteString("message", message ?? string.Empty);
            if (logEntry.EventId.Id != 0)
            {
                w.WriteNumber("eventId", logEntry.EventId.Id);
            }

            if (logEntry.Exception != null)
            {
                w.WriteString("exception", logEntry.Exception.ToString());
            }

            w.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        textWriter.Write('\n');
    }
}
