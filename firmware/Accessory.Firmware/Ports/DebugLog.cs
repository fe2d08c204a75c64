using System.Diagnostics;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>ILog on nanoFramework: lines go to the debugger / serial console.</summary>
    public sealed class DebugLog : ILog
    {
        private readonly LogLevel _minimum;

        public DebugLog(LogLevel minimum)
        {
            _minimum = minimum;
        }

        public bool IsEnabled(LogLevel level) => level >= _minimum;

        public void Write(LogLevel level, string component, string message)
        {
            if (IsEnabled(level))
            {
                Debug.WriteLine("[" + component + "] " + message);
            }
        }
    }
}
