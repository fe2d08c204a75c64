using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Tests.Support;

/// <summary>
/// The fixture's promise that a failed start leaves nothing behind: a leaked listener or folder would only show up
/// later, as another test's port clash or a full /tmp.
/// </summary>
public sealed class TestDeviceTests
{
    [Fact]
    public async Task A_start_that_fails_once_the_device_is_up_stops_the_device_and_removes_its_folder()
    {
        var data = new TempDirectory("accessory-test-device");
        IPEndPoint? listening = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => TestDevice.StartAsync(
            data,
            path => new DeviceOptions
            {
                DataDirectory = path,
                RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
                SoftAp = new SoftApOptions { Security = 0, BindAddress = IPAddress.Loopback, HttpPort = 0 },
            },
            started: device =>
            {
                listening = device.Provisioning!.EndPoint;
                throw new InvalidOperationException("the test's own failure");
            }));

        Assert.NotNull(listening);
        Assert.False(Directory.Exists(data.Path));
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(listening));
    }

    [Fact]
    public async Task Options_that_cannot_be_built_still_remove_the_folder()
    {
        var data = new TempDirectory("accessory-test-device");

        await Assert.ThrowsAsync<FormatException>(() => TestDevice.StartAsync(data, _ => throw new FormatException("bad option")));

        Assert.False(Directory.Exists(data.Path));
    }
}
