using System;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Ble.Improv;

/// <summary>
/// Improv's joins go through the same <see cref="ProvisioningManager"/> as ESP provisioning (set credentials, apply,
/// keep them only when the join worked), so both paths store and report identically. The manager has no completion
/// event, so the outcome is polled on the device clock, bounded by a deadline.
/// </summary>
public sealed class ManagerImprovProvisioner : IImprovProvisioner
{
    private const int PollMilliseconds = 50;
    private readonly ProvisioningManager? _manager;
    private readonly IWifiRadio _radio;
    private readonly IClock _clock;
    private readonly int _deadlineMilliseconds;

    /// <param name="manager">Null when the device offers no provisioning (already provisioned): joins are refused, scans still work.</param>
    public ManagerImprovProvisioner(ProvisioningManager? manager, IWifiRadio radio, IClock clock, int deadlineMilliseconds)
    {
        if (radio == null || clock == null)
        {
            throw new ArgumentNullException(nameof(radio), "radio and clock are required");
        }

        _manager = manager;
        _radio = radio;
        _clock = clock;
        _deadlineMilliseconds = deadlineMilliseconds;
    }

    public void Join(byte[] ssid, byte[] passphrase, ImprovJoinCallback done)
    {
        if (_manager == null)
        {
            done(false);
            return;
        }

        // A previous failed attempt must be forgotten before the manager takes new credentials.
        _manager.ResetAfterFailure();
        if (_manager.SetConfig(ssid, passphrase, new byte[0], 0) != StatusCode.Success || _manager.ApplyConfig() != StatusCode.Success)
        {
            done(false);
            return;
        }

        new JoinWatch(this, done, _clock.UptimeMilliseconds + _deadlineMilliseconds).Schedule();
    }

    public void Scan(ImprovScanCallback done) => _radio.StartScan(networks => done(networks));

    // A named target instead of a closure keeps captures explicit for the nanoFramework compile.
    private sealed class JoinWatch
    {
        private readonly ManagerImprovProvisioner _owner;
        private readonly ImprovJoinCallback _done;
        private readonly long _deadline;

        public JoinWatch(ManagerImprovProvisioner owner, ImprovJoinCallback done, long deadline)
        {
            _owner = owner;
            _done = done;
            _deadline = deadline;
        }

        public void Schedule() => _owner._clock.Schedule(PollMilliseconds, Check);

        private void Check()
        {
            var manager = _owner._manager!;
            var status = manager.PeekStatus();
            if (status != null && status.State == StationState.Connected)
            {
                // Only once the phone has been told (state and result notified) may the cleanup that ends
                // provisioning, and restarts BLE, begin: as an ESP phone app's status read starts it.
                _done(true);
                manager.GetStatus();
                return;
            }

            if ((status != null && status.State == StationState.ConnectionFailed) || _owner._clock.UptimeMilliseconds > _deadline)
            {
                _done(false);
                return;
            }

            Schedule();
        }
    }
}
