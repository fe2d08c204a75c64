using Accessory.Core.Http;
using Accessory.Core.LocalApi;

namespace Accessory.Firmware.Http
{
    /// <summary>
    /// The local API's requests on the board: the core's LocalApiRouter decides every answer. The WebSocket event
    /// stream of the simulator's server is not served here yet (its framing moves into the core with issue 16
    /// item 2); an upgrade request gets a clear 501.
    /// </summary>
    public sealed class LocalApiHttp : IHttpService
    {
        private readonly LocalApiRouter _router;
        private readonly AccessToken _token;

        public LocalApiHttp(LocalApiRouter router, AccessToken token)
        {
            _router = router;
            _token = token;
        }

        public HttpResponse? Handle(int connectionId, HttpRequest request) => Handle(connectionId, string.Empty, request);

        public HttpResponse Refuse(HttpRequestRefusedException refused) => HttpResponse.Text(refused.Status, refused.Message, true);

        public void Closed(int connectionId)
        {
        }

        public HttpResponse? Handle(int connectionId, string client, HttpRequest request)
        {
            // The same rule as the simulator's server: only a paired phone (it got the token over provisioning) gets in.
            if (!LocalApiAccess.IsOpen(request.Path) && !_token.MatchesAuthorization(request.Authorization))
            {
                string reason = request.Authorization == null ? "this endpoint needs Authorization: Bearer <access token>" : "wrong access token";
                string challenge = request.Authorization == null ? "WWW-Authenticate: Bearer realm=\"accessory\"" : "WWW-Authenticate: Bearer realm=\"accessory\", error=\"invalid_token\"";
                return new HttpResponse(401, "text/plain", Accessory.Core.Text.Utf8.Encode(reason), challenge, true);
            }

            if (request.Upgrade != null)
            {
                return new HttpResponse(501, "text/plain", Accessory.Core.Text.Utf8.Encode("WebSocket events are not served by this firmware yet"), null, true);
            }

            var answer = _router.Handle(request.Method, request.Path, request.Body);
            string? allow = answer.Allow == null ? null : "Allow: " + answer.Allow;
            return new HttpResponse(answer.Status, answer.ContentType, answer.Body, allow, !request.KeepAlive);
        }
    }
}
