using System.Text;
using Accessory.Core.Provisioning;

namespace Accessory.Simulator.Tests.Fakes;

/// <summary>Replies "&lt;session&gt;:&lt;request&gt;" so tests see which session served them; "fail" makes it throw.</summary>
public sealed class EchoEndpoint : IProtocommEndpoint
{
    public byte[] Handle(uint sessionId, byte[] request) =>
        Encoding.ASCII.GetString(request) == "fail"
            ? throw new FormatException("bad payload")
            : [.. Encoding.ASCII.GetBytes(sessionId + ":"), .. request];
}
