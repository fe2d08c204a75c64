using System.Collections;

namespace Accessory.Core.Cloud.Json;

/// <summary>A parsed flat JSON object: its fields in document order, names unique.</summary>
public sealed class JsonObject
{
    private readonly ArrayList _fields = new ArrayList();

    public int Count => _fields.Count;

    public JsonField this[int index] => (JsonField)_fields[index]!;

    /// <summary>The field called <paramref name="name"/>, or null when the object has none.</summary>
    public JsonField? Find(string name)
    {
        for (int i = 0; i < _fields.Count; i++)
        {
            var field = (JsonField)_fields[i]!;
            if (field.Name == name)
            {
                return field;
            }
        }

        return null;
    }

    internal void Add(JsonField field) => _fields.Add(field);
}
