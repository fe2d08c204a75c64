namespace Accessory.Core.Cloud.Json;

/// <summary>The scalar kinds the cloud payloads use; nested objects and arrays are rejected by the reader.</summary>
public enum JsonValueKind
{
    Text = 0,
    Number = 1,
    Truth = 2,
    Null = 3,
}
