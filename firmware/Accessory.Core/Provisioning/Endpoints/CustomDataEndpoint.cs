using Accessory.Core.Settings;
using Accessory.Core.Text;

namespace Accessory.Core.Provisioning.Endpoints;

/// <summary>
/// custom-data: an application endpoint like ESP-IDF's example. Stores the UTF-8 string the app sends under
/// <see cref="SettingKey"/> and answers with a short text; oversized or non-UTF-8 data is refused in words and not stored.
/// </summary>
public sealed class CustomDataEndpoint : IProtocommEndpoint
{
    public const string SettingKey = "app.custom-data";
    public const int DefaultMaxLength = 128;
    public const string Accepted = "SUCCESS";

    private readonly DeviceSettings _settings;
    private readonly SettingsRepository _repository;
    private readonly int _maxLength;

    public CustomDataEndpoint(DeviceSettings settings, SettingsRepository repository, int maxLength = DefaultMaxLength)
    {
        _settings = settings;
        _repository = repository;
        _maxLength = maxLength;
    }

    public byte[] Handle(uint sessionId, byte[] request)
    {
        if (request.Length > _maxLength)
        {
            return Utf8.Encode("REFUSED: " + request.Length + " bytes is over the " + _maxLength + "-byte limit");
        }

        if (!Utf8.IsValid(request))
        {
            return Utf8.Encode("REFUSED: custom data must be UTF-8 text");
        }

        // The manager writes credentials into the same settings from radio threads; both lock the settings object.
        lock (_settings)
        {
            _settings.SetString(SettingKey, Utf8.Decode(request));
            _repository.Save(_settings);
        }

        return Utf8.Encode(Accepted);
    }
}
