using System;
using System.Runtime.CompilerServices;
using Accessory.Core.Crypto;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// SRP-6a group arithmetic over a native interop method, mbedtls_mpi_exp_mod in a custom nanoFramework image
    /// (firmware/native/, see its README). The modular multiplications and additions around the exponentiations are
    /// cheap and stay managed (MontgomeryModulus). On a stock image the interop is missing: IsAvailable says so and
    /// the firmware falls back to sec1 rather than make a phone wait minutes for managed 3072-bit exponentiation.
    /// </summary>
    public sealed class NativeSrpMath : ISrpGroupMath
    {
        private static int _available = -1;
        private readonly byte[] _modulusBytes;
        private readonly MontgomeryModulus _modulus;
        private readonly byte[] _generator;

        public NativeSrpMath(byte[] modulus, byte[] generator)
        {
            if (!IsAvailable)
            {
                throw new InvalidOperationException("this nanoFramework image has no Accessory.Native modexp; use sec1 or ManagedSrpGroupMath");
            }

            _modulusBytes = modulus;
            _modulus = new MontgomeryModulus(modulus);
            _generator = generator;
            Length = modulus.Length;
        }

        public int Length { get; }

        /// <summary>True when the running image implements the interop (probed once with 3^2 mod 7).</summary>
        public static bool IsAvailable
        {
            get
            {
                if (_available < 0)
                {
                    try
                    {
                        var nine = NativeModPow(new byte[] { 3 }, new byte[] { 2 }, new byte[] { 7 });
                        _available = nine != null && nine.Length > 0 && nine[nine.Length - 1] == 2 ? 1 : 0;
                    }
                    catch (Exception)
                    {
                        // A stock image throws NotSupportedException/MissingMethodException for an unknown InternalCall.
                        _available = 0;
                    }
                }

                return _available == 1;
            }
        }

        public byte[] GeneratorPower(byte[] exponent) => Pad(NativeModPow(_generator, exponent, _modulusBytes));

        public byte[] ServerPublicKey(byte[] multiplier, byte[] verifier, byte[] privateKey)
        {
            var kv = _modulus.ModMultiply(_modulus.Reduce(multiplier), _modulus.Reduce(verifier));
            var gb = _modulus.Reduce(NativeModPow(_generator, privateKey, _modulusBytes));
            return _modulus.ToBytes(_modulus.ModAdd(kv, gb));
        }

        public byte[] ServerPremaster(byte[] clientPublicKey, byte[] verifier, byte[] scrambler, byte[] privateKey)
        {
            var vu = _modulus.Reduce(NativeModPow(verifier, scrambler, _modulusBytes));
            var avu = _modulus.ToBytes(_modulus.ModMultiply(_modulus.Reduce(clientPublicKey), vu));
            return Pad(NativeModPow(avu, privateKey, _modulusBytes));
        }

        public bool IsZeroModulo(byte[] value) => MontgomeryModulus.IsZero(_modulus.Reduce(value));

        /// <summary>base^exponent mod modulus, all big-endian unsigned; implemented in C over mbedtls_mpi_exp_mod.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        private static extern byte[] NativeModPow(byte[] baseValue, byte[] exponent, byte[] modulus);

        private byte[] Pad(byte[] value) => _modulus.ToBytes(_modulus.Reduce(value));
    }
}
