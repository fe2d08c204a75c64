using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Endpoints;

/// <summary>prov-scan: start (blocking or not), status, and results paged by start_index/count.</summary>
public sealed class ScanEndpoint : IProtocommEndpoint
{
    private readonly ScanResults _scanner;
    private readonly int _blockingTimeoutMilliseconds;

    public ScanEndpoint(ScanResults scanner, int blockingTimeoutMilliseconds)
    {
        _scanner = scanner;
        _blockingTimeoutMilliseconds = blockingTimeoutMilliseconds;
    }

    public byte[] Handle(uint sessionId, byte[] request)
    {
        var message = WifiScanCodec.DecodeRequest(request);
        switch (message.Msg)
        {
            case WifiScanMsgType.CmdScanStart:
                _scanner.Start();
                if (message.Blocking && !_scanner.WaitForCompletion(_blockingTimeoutMilliseconds))
                {
                    throw new ProvisioningRequestException("prov-scan: blocking scan did not finish within " + _blockingTimeoutMilliseconds + " ms");
                }

                return WifiScanCodec.EncodeScanStartResponse(StatusCode.Success);
            case WifiScanMsgType.CmdScanStatus:
                return WifiScanCodec.EncodeScanStatusResponse(StatusCode.Success, _scanner.Finished, (uint)_scanner.Count);
            default:
                var page = _scanner.Page(message.StartIndex, message.Count);
                if (page == null)
                {
                    throw new ProvisioningRequestException("prov-scan: results " + message.StartIndex + "+" + message.Count + " requested; " + _scanner.Count + " kept");
                }

                return WifiScanCodec.EncodeScanResultResponse(StatusCode.Success, page);
        }
    }
}
