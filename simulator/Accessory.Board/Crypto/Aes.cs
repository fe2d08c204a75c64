extern alias desktop;

namespace System.Security.Cryptography
{
    public enum CipherMode
    {
        None = 0,
        CBC = 1,
        ECB = 2,
    }

    /// <summary>
    /// nanoFramework's AES (mbedTLS on the board): ECB or CBC over whole 16-byte blocks, no padding, one call per
    /// buffer. Backed by .NET's AES with the same rules, so a partial block fails here as it does on the board.
    /// </summary>
    public class Aes
    {
        private byte[]? _key;
        private byte[] _iv = new byte[16];

        public Aes(CipherMode cipherMode)
        {
            Mode = cipherMode;
        }

        public CipherMode Mode { get; set; }

        public byte[] Key
        {
            get => (byte[])(_key ?? throw new InvalidOperationException("no key set")).Clone();
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                if (value.Length != 16 && value.Length != 24 && value.Length != 32)
                {
                    throw new ArgumentException("AES keys are 16, 24 or 32 bytes");
                }

                _key = (byte[])value.Clone();
            }
        }

        public byte[] IV
        {
            get => (byte[])_iv.Clone();
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                if (value.Length != 16)
                {
                    throw new ArgumentException("the AES IV is 16 bytes");
                }

                _iv = (byte[])value.Clone();
            }
        }

        public void GenerateIV() => desktop::System.Security.Cryptography.RandomNumberGenerator.Fill(_iv);

        public byte[] Encrypt(byte[] data) => Transform(data, true);

        public byte[] Decrypt(byte[] data) => Transform(data, false);

        private byte[] Transform(byte[] data, bool encrypt)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (data.Length % 16 != 0)
            {
                throw new ArgumentException("nanoFramework's AES works on whole 16-byte blocks");
            }

            using var aes = desktop::System.Security.Cryptography.Aes.Create();
            aes.Key = _key ?? throw new InvalidOperationException("no key set");
            var padding = desktop::System.Security.Cryptography.PaddingMode.None;
            switch (Mode)
            {
                case CipherMode.ECB:
                    return encrypt ? aes.EncryptEcb(data, padding) : aes.DecryptEcb(data, padding);
                case CipherMode.CBC:
                    return encrypt ? aes.EncryptCbc(data, _iv, padding) : aes.DecryptCbc(data, _iv, padding);
                default:
                    throw new NotSupportedException("cipher mode " + Mode + " is not supported");
            }
        }
    }
}
