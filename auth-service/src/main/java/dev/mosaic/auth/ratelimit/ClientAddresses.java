package dev.mosaic.auth.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client address that limits key by and sessions record: the first X-Forwarded-For entry on a connection
 * from a trusted proxy, else the connection's own address.
 * <p>
 * Quarkus' own forwarded-header support is off: its parser runs inside the router, before any handler, and
 * throws on an empty entry (the request was never answered). Here a trusted proxy's X-Forwarded-For whose
 * first entry is no IP address is refused with a 400 problem, by a route filter ahead of every endpoint: the
 * proxy is trusted to name the client, and a guess (its own address) would put every such request under one
 * rate-limit key. Only IP literals are read, so nothing here ever asks DNS. {@code Forwarded} (RFC 7239) is
 * not read.
 */
@ApplicationScoped
public class ClientAddresses {
    /** A Quarkus filter priority: after CORS (300), before the body limit (100) and every endpoint. */
    private static final int FILTER_PRIORITY = 110;
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

    private final List<IpSubnetFilterRule> trustedProxies;
    private final ObjectMapper json;

    ClientAddresses(ClientAddressConfig config, ObjectMapper json) {
        this.trustedProxies = config.trustedProxies().orElse(List.of()).stream()
                .map(String::trim).filter(entry -> !entry.isEmpty()).map(ClientAddresses::rule).toList();
        this.json = json;
    }

    public ClientInfo of(HttpServerRequest request) {
        return ClientInfo.of(address(request), request);
    }

    void refuseUnnamedClients(@Observes Filters filters) {
        filters.register(context -> {
            try {
                address(context.request());
                context.next();
            } catch (ProblemException refused) {
                ProblemResponses.end(context.response(), refused.problem(), json);
            }
        }, FILTER_PRIORITY);
    }

    private String address(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String peerAddress = peer == null ? null : peer.hostAddress();
        if (peerAddress == null) {
            return "unknown";
        }
        String forwardedFor = request.getHeader("X-Forwarded-For");
        if (forwardedFor == null || !trusted(peerAddress)) {
            return peerAddress;
        }
        String client = ipLiteral(forwardedFor.split(",", 2)[0].trim());
        if (client == null) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST, "X-Forwarded-For from this proxy names no "
                    + "client: its first entry is empty or not an IP address. The proxy must set it to the address it saw."));
        }
        return client;
    }

    private boolean trusted(String peerAddress) {
        byte[] peer = NetUtil.createByteArrayFromIpAddressString(peerAddress);
        if (peer == null || trustedProxies.isEmpty()) {
            return false;
        }
        InetSocketAddress socket;
        try {
            socket = new InetSocketAddress(InetAddress.getByAddress(peer), 0);
        } catch (UnknownHostException impossible) { // only for a byte array of a length other than 4 or 16
            return false;
        }
        return trustedProxies.stream().anyMatch(rule -> rule.matches(socket));
    }

    /** An address as X-Forwarded-For writes it (IPv4, IPv6, either with a port, IPv6 then in brackets), normalized; else null. */
    static String ipLiteral(String entry) {
        String host = entry;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !(close == host.length() - 1 || PORT.matcher(host.substring(close + 1)).matches())) {
                return null;
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            int colon = host.indexOf(':');
            if (!PORT.matcher(host.substring(colon)).matches()) {
                return null;
            }
            host = host.substring(0, colon);
        }
        if (host.indexOf('%') >= 0) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        return bytes == null ? null : NetUtil.bytesToIpAddress(bytes);
    }

    private static IpSubnetFilterRule rule(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("MOSAIC_AUTH_TRUSTED_PROXIES: '" + entry
                    + "' is not an IP address or CIDR (a.b.c.d, a.b.c.d/n, an IPv6 address, or one with /n)");
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("MOSAIC_AUTH_TRUSTED_PROXIES: '" + entry + "' has no prefix length from 0 to "
                    + bytes.length * 8);
        }
        try {
            return new IpSubnetFilterRule(InetAddress.getByAddress(bytes), prefix, IpFilterRuleType.ACCEPT);
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException("MOSAIC_AUTH_TRUSTED_PROXIES: '" + entry + "'", impossible);
        }
    }
}
