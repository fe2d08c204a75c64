using Accessory.Board.Emulation;

namespace nanoFramework.Runtime.Native
{
    public enum RebootOption
    {
        NormalReboot = 0,
        EnterNanoBooter = 1,
        ClrOnly = 2,
        EnterProprietaryBooter = 8,
    }

    public delegate void RebootEventHandler();

    /// <summary>A reboot of the emulated board ends this process with the reboot exit code; its supervisor restarts it.</summary>
    public class Power
    {
        public static event RebootEventHandler? OnRebootEvent;

        public static void RebootDevice(RebootOption option = RebootOption.NormalReboot)
        {
            OnRebootEvent?.Invoke();
            EmulatedBoard.Reboot(option.ToString());
        }

        public static void RebootDevice(int waitTimeoutMilliseconds, RebootOption option = RebootOption.NormalReboot)
        {
            System.Threading.Thread.Sleep(waitTimeoutMilliseconds > 0 ? waitTimeoutMilliseconds : 0);
            RebootDevice(option);
        }
    }
}
