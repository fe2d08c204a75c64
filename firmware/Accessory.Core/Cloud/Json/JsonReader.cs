using Accessory.Core.Text;

namespace Accessory.Core.Cloud.Json;

/// <summary>
/// Parses one flat JSON object of scalar fields (strings, integers, true/false/null). Total: any bytes give a
/// <see cref="JsonObject"/> or a <see cref="JsonFormatException"/>. Nested objects and arrays are rejected, which
/// bounds depth at one; size and field count are bounded so a hostile publisher cannot exhaust a small device.
/// </summary>
public static class JsonReader
{
    public const int MaxBytes = 4096;
    public const int MaxFields = 32;

    // 18 digits always fit in a long, so overflow never needs checking.
    private const int MaxDigits = 18;

    public static JsonObject ParseObject(byte[] bytes)
    {
        if (bytes == null)
        {
            throw new JsonFormatException("no payload");
        }

        if (bytes.Length > MaxBytes)
        {
            throw new JsonFormatException("payload of " + bytes.Length + " bytes exceeds " + MaxBytes);
        }

        if (!Utf8.IsValid(bytes))
        {
            throw new JsonFormatException("payload is not valid UTF-8");
        }

        var text = Utf8.Decode(bytes);
        var parser = new Parser(text);
        return parser.Object();
    }

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;

        public Parser(string text)
        {
            _text = text;
        }

        public JsonObject Object()
        {
            var result = new JsonObject();
            SkipSpace();
            Expect('{', "an object");
            SkipSpace();
            if (Peek() == '}')
            {
                _pos++;
                End();
                return result;
            }

            while (true)
            {
                SkipSpace();
                if (Peek() != '"')
                {
                    throw Error("expected a field name");
                }

                var name = String();
                if (result.Find(name) != null)
                {
                    throw Error("duplicate field \"" + name + "\"");
                }

                if (result.Count == MaxFields)
                {
                    throw Error("more than " + MaxFields + " fields");
                }

                SkipSpace();
                Expect(':', "':'");
                SkipSpace();
                result.Add(Value(name));
                SkipSpace();
                int c = Peek();
                _pos++;
                if (c == '}')
                {
                    End();
                    return result;
                }

                if (c != ',')
                {
                    _pos--;
                    throw Error("expected ',' or '}'");
                }
            }
        }

        private JsonField Value(string name)
        {
            int c = Peek();
            switch (c)
            {
                case '"':
                    return new JsonField(name, JsonValueKind.Text, String(), 0, false);
                case 't':
                    Literal("true");
                    return new JsonField(name, JsonValueKind.Truth, string.Empty, 0, true);
                case 'f':
                    Literal("false");
                    return new JsonField(name, JsonValueKind.Truth, string.Empty, 0, false);
                case 'n':
                    Literal("null");
                    return new JsonField(name, JsonValueKind.Null, string.Empty, 0, false);
                case '{':
                case '[':
                    throw Error("nested objects and arrays are not supported");
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return new JsonField(name, JsonValueKind.Number, string.Empty, Number(), false);
                    }

                    throw Error("expected a value");
            }
        }

        private long Number()
        {
            bool negative = false;
            if (Peek() == '-')
            {
                negative = true;
                _pos++;
            }

            int start = _pos;
            long value = 0;
            while (Peek() >= '0' && Peek() <= '9')
            {
                if (_pos - start == MaxDigits)
                {
                    throw Error("number has more than " + MaxDigits + " digits");
                }

                value = (value * 10) + (Peek() - '0');
                _pos++;
            }

            int digits = _pos - start;
            if (digits == 0)
            {
                throw Error("expected a digit");
            }

            if (digits > 1 && _text[start] == '0')
            {
                throw Error("leading zero in number");
            }

            int next = Peek();
            if (next == '.' || next == 'e' || next == 'E')
            {
                throw Error("only integers are supported");
            }

            return negative ? -value : value;
        }

        private string String()
        {
            Expect('"', "'\"'");
            var chars = new char[_text.Length - _pos];
            int n = 0;
            while (true)
            {
                int c = Peek();
                if (c < 0)
                {
                    throw Error("unterminated string");
                }

                _pos++;
                if (c == '"')
                {
                    return new string(chars, 0, n);
                }

                if (c < 0x20)
                {
                    _pos--;
                    throw Error("control character in string");
                }

                if (c != '\\')
                {
                    chars[n++] = (char)c;
                    continue;
                }

                int e = Peek();
                _pos++;
                switch (e)
                {
                    case '"': chars[n++] = '"'; break;
                    case '\\': chars[n++] = '\\'; break;
                    case '/': chars[n++] = '/'; break;
                    case 'b': chars[n++] = '\b'; break;
                    case 'f': chars[n++] = '\f'; break;
                    case 'n': chars[n++] = '\n'; break;
                    case 'r': chars[n++] = '\r'; break;
                    case 't': chars[n++] = '\t'; break;
                    case 'u': chars[n++] = (char)HexQuad(); break;
                    default:
                        _pos--;
                        throw Error("bad escape in string");
                }
            }
        }

        private int HexQuad()
        {
            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                int c = Peek();
                int digit;
                if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else if (c >= 'A' && c <= 'F')
                {
                    digit = c - 'A' + 10;
                }
                else
                {
                    throw Error("bad \\u escape");
                }

                value = (value << 4) | digit;
                _pos++;
            }

            return value;
        }

        private void Literal(string word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if (Peek() != word[i])
                {
                    throw Error("expected " + word);
                }

                _pos++;
            }
        }

        private void Expect(char c, string what)
        {
            if (Peek() != c)
            {
                throw Error("expected " + what);
            }

            _pos++;
        }

        private void End()
        {
            SkipSpace();
            if (_pos != _text.Length)
            {
                throw Error("data after the object");
            }
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }

                _pos++;
            }
        }

        private int Peek() => _pos < _text.Length ? _text[_pos] : -1;

        private JsonFormatException Error(string problem) => new JsonFormatException("char " + _pos + ": " + problem);
    }
}
