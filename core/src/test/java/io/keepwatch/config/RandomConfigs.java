package io.keepwatch.config;

import io.keepwatch.config.model.AddressOptions;
import io.keepwatch.config.model.Lifecycle;
import io.keepwatch.config.model.NotifyFifo;
import io.keepwatch.config.model.NotifyConflict;
import io.keepwatch.config.model.NotifyOptions;
import io.keepwatch.config.model.ReloadSettings;
import io.keepwatch.config.model.TimedScript;
import io.keepwatch.config.model.AdvertGlobals;
import io.keepwatch.config.model.AdvertOptions;
import io.keepwatch.config.model.AuthenticationConfig;
import io.keepwatch.config.model.CheckTracking;
import io.keepwatch.config.model.GarpConfig;
import io.keepwatch.config.model.GarpGroup;
import io.keepwatch.config.model.TrackedObjects;
import io.keepwatch.config.model.TrackerDefinitions;
import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.HostSettings;
import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.config.model.MetricsSettings;
import io.keepwatch.config.model.FirewallSettings;
import io.keepwatch.config.model.ProcessSettings;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.ScriptCommand;
import io.keepwatch.config.model.Secret;
import io.keepwatch.config.model.SmtpServer;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.UnicastChecksum;
import io.keepwatch.config.model.UnicastPeer;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.IpvlanConfig;
import io.keepwatch.config.model.VmacConfig;
import io.keepwatch.config.model.VmacNaming;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.codec.AuthType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Random valid configurations that are already in their completed form (every keepalived fix
 * applied), so printing and reading one back must give it again.
 */
final class RandomConfigs {
    static final SourcePosition NOWHERE = new SourcePosition("", 0, 0);
    /** plugin_dir must name a directory that exists. */
    private static final List<String> EXISTING_DIRS = List.of("/", "/usr", "/etc", "/tmp");
    private final Random r;
    private int vmacNames;
    /** The vrrp_witness blocks of the configuration being made, for instances to name. */
    private List<String> witnessNames = List.of();

    RandomConfigs(Random random) {
        this.r = random;
    }

    KeepalivedConfig config() {
        GlobalDefs global = global();
        List<VrrpScriptConfig> scripts = new ArrayList<>();
        int scriptCount = r.nextInt(3);
        for (int i = 0; i < scriptCount; i++) scripts.add(script("chk_s" + i));
        Map<String, ConfigNode> checks = new LinkedHashMap<>();
        Map<String, CheckTracking> checkTracking = new LinkedHashMap<>();
        int checkCount = r.nextInt(3);
        for (int i = 0; i < checkCount; i++) {
            CheckTracking t = new CheckTracking(positiveMicros(86_400), positiveMicros(86_400), r.nextInt(507) - 253,
                    r.nextBoolean(), 1 + r.nextInt(1000), 1 + r.nextInt(1000), r.nextBoolean());
            checks.put("web" + i, check("web" + i, t));
            checkTracking.put("web" + i, t);
        }
        Map<String, ConfigNode> notifiers = new LinkedHashMap<>();
        if (r.nextBoolean()) notifiers.put("hook", pluginBlock("vrrp_notifier", "hook"));
        Map<String, ConfigNode> witnesses = new LinkedHashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) witnesses.put("w" + i, pluginBlock("vrrp_witness", "w" + i));
        witnessNames = List.copyOf(witnesses.keySet());
        List<String> trackable = new ArrayList<>(scripts.stream().map(VrrpScriptConfig::name).toList());
        trackable.addAll(checks.keySet());

        List<VrrpInstanceConfig> instances = new ArrayList<>();
        Set<String> usedVrids = new HashSet<>();
        int instanceCount = r.nextInt(4);
        for (int i = 0; i < instanceCount; i++) instances.add(instance("VI_" + i, global, trackable, usedVrids));

        List<SyncGroupConfig> groups = new ArrayList<>();
        // an election instance cannot be in a sync group (a warning, and it is left out)
        List<String> free = new ArrayList<>(instances.stream().filter(i -> !i.witness().elects())
                .map(VrrpInstanceConfig::name).toList());
        while (!free.isEmpty() && r.nextBoolean()) {
            int take = 1 + r.nextInt(free.size());
            List<String> members = new ArrayList<>(free.subList(0, take));
            free.subList(0, take).clear();
            groups.add(new SyncGroupConfig("G" + groups.size(), members, notifyScripts(), r.nextBoolean(),
                    trackInterfaces(), trackScripts(trackable), r.nextBoolean(), maybe(r::nextBoolean),
                    TrackedObjects.NONE));
        }
        return completeTracking(new KeepalivedConfig(global, instances, scripts, groups, checks, checkTracking, notifiers,
                RandomRouting.statics(r), TrackerDefinitions.NONE, garpGroups(), linkBeat(), witnesses));
    }

    /** Up to two garp_groups on distinct interfaces, each with at least one interval. */
    private List<GarpGroup> garpGroups() {
        List<GarpGroup> groups = new ArrayList<>();
        for (int g = r.nextInt(3); g > 0; g--) {
            Optional<java.time.Duration> garp = maybe(() -> java.time.Duration.ofMillis(r.nextInt(5000)));
            Optional<java.time.Duration> gna = garp.isEmpty()
                    ? Optional.of(java.time.Duration.ofMillis(r.nextInt(5000)))
                    : maybe(() -> java.time.Duration.ofMillis(r.nextInt(5000)));
            List<String> interfaces = new ArrayList<>();
            for (int i = r.nextInt(3); i >= 0; i--) interfaces.add("gg" + groups.size() + "x" + i);
            groups.add(new GarpGroup(garp, gna, interfaces));
        }
        return groups;
    }

    /**
     * The tracking keepalived's completion leaves (see TrackingRules): no own interface; in a sync
     * group without sync_group_tracking_weight no weighted scripts; no
     * weighted trackers on an owner; no weights on the trackers of a group with an owner member.
     */
    private static KeepalivedConfig completeTracking(KeepalivedConfig c) {
        List<VrrpInstanceConfig> instances = new ArrayList<>();
        for (VrrpInstanceConfig vi : c.instances()) {
            Optional<SyncGroupConfig> group = c.syncGroups().stream().filter(g -> g.instances().contains(vi.name())).findFirst();
            boolean unweighted = group.isPresent() && !group.get().trackingWeight();
            boolean owner = vi.priority() == 255;
            List<TrackedInterface> interfaces = vi.trackInterfaces().stream()
                    .filter(t -> !t.name().equals(vi.interfaceName()))
                    .filter(t -> unweighted || !owner || t.weight() == 0).toList();
            List<TrackedScript> scripts = vi.trackScripts().stream()
                    .filter(t -> !(unweighted || owner) || weight(c, t) == 0).toList();
            instances.add(new VrrpInstanceConfig(vi.name(), vi.state(), vi.interfaceName(), vi.virtualRouterId(),
                    vi.priority(), vi.advertInterval(), vi.version(), vi.family(), vi.authentication(),
                    vi.virtualIpAddresses(), vi.virtualIpAddressesExcluded(), vi.unicastSrcIp(), vi.unicastPeers(),
                    vi.mcastSrcIp(), vi.nopreempt(), vi.preemptDelay(), vi.garp(), vi.accept(), interfaces, scripts,
                    vi.notifyScripts(), vi.smtpAlert(), vi.downTimerAdverts(), vi.dontTrackPrimary(), vi.vmac(), vi.notifyOptions(), vi.routing(), vi.tracked(),
                    vi.advert(), vi.splitBrainHeal(), vi.notifyConflict(), vi.interfaceOptions(), vi.witness(),
                    vi.authHmac()));
        }
        List<SyncGroupConfig> groups = new ArrayList<>();
        for (SyncGroupConfig g : c.syncGroups()) {
            boolean ownerMember = instances.stream().anyMatch(i -> g.instances().contains(i.name()) && i.priority() == 255);
            groups.add(!ownerMember ? g : new SyncGroupConfig(g.name(), g.instances(), g.notifyScripts(), g.smtpAlert(),
                    g.trackInterfaces().stream().map(t -> new TrackedInterface(t.name(), 0, t.reverse())).toList(),
                    g.trackScripts().stream().map(t -> weight(c, t) == 0 ? t
                            : new TrackedScript(t.name(), OptionalInt.of(0), t.reverse())).toList(),
                    g.trackingWeight(), g.notifyPriorityChanges(), g.tracked()));
        }
        return new KeepalivedConfig(c.global(), instances, c.scripts(), groups, c.checks(), c.checkTracking(),
                c.notifiers(), c.statics(), c.trackers(), c.garpGroups(), c.linkBeat(), c.witnesses());
    }

    private io.keepwatch.config.model.LinkBeat linkBeat() {
        var interfaces = new java.util.LinkedHashMap<String, io.keepwatch.config.model.LinkBeat.Probe>();
        var probes = io.keepwatch.config.model.LinkBeat.Probe.values();
        for (int i = r.nextInt(3); i > 0; i--) interfaces.put("eth" + r.nextInt(9), probes[r.nextInt(probes.length)]);
        boolean all = r.nextBoolean();
        return all || !interfaces.isEmpty() ? new io.keepwatch.config.model.LinkBeat(all, interfaces)
                : io.keepwatch.config.model.LinkBeat.NONE;
    }

    private static int weight(KeepalivedConfig c, TrackedScript t) {
        if (t.weight().isPresent()) return t.weight().getAsInt();
        return c.script(t.name()).map(VrrpScriptConfig::weight).orElseGet(() -> c.checkTracking().get(t.name()).weight());
    }

    private GlobalDefs global() {
        Optional<String> user = maybe(this::word);
        return new GlobalDefs(maybe(() -> r.nextInt(4) == 0 ? "路由器" + r.nextInt(9) : word()),
                list(3, () -> word() + "@" + word() + ".example"), maybe(() -> word() + "@example.org"),
                maybe(() -> new SmtpServer(word() + ".example", 1 + r.nextInt(65535))),
                Duration.ofSeconds(1 + r.nextInt(3600)), maybe(this::word), r.nextBoolean(),
                r.nextBoolean() ? VrrpVersion.V2 : VrrpVersion.V3, r.nextInt(4) == 0, r.nextBoolean(), garp(),
                address(new byte[] {(byte) (224 + r.nextInt(16)), 0, 0, (byte) r.nextInt(256)}),
                address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (1 + r.nextInt(255))}),
                user, user.isPresent() ? maybe(this::word) : Optional.empty(), r.nextBoolean(), micros(3600),
                r.nextBoolean(), r.nextBoolean(), list(2, () -> Path.of(EXISTING_DIRS.get(r.nextInt(EXISTING_DIRS.size())))), r.nextInt(4) == 0, metrics(),
                pluginGlobals(), new VmacNaming(r.nextBoolean() ? VmacNaming.DEFAULT_PREFIX : "vm" + word().substring(0, 1),
                        r.nextBoolean() ? Optional.empty() : Optional.of("va" + word().substring(0, 1))),
                lifecycle(), process(), new HostSettings(r.nextBoolean() ? HostSettings.DEFAULT_INTERFACE : "eth" + r.nextInt(9),
                        r.nextBoolean(), r.nextBoolean() ? java.util.OptionalLong.empty()
                                : java.util.OptionalLong.of(r.nextLong(0x1_0000_0000L)), r.nextBoolean(),
                        io.keepwatch.config.model.DynamicInterfaces.values()[r.nextInt(3)]),
                new FirewallSettings(maybe(() -> r.nextBoolean() ? "keepalived" : "kw" + r.nextInt(99)),
                        r.nextInt(5) == 0 ? -1 : r.nextInt(401) - 200, r.nextBoolean(), r.nextBoolean()),
                new AdvertGlobals(r.nextBoolean(), 1 + r.nextInt(100)),
                new io.keepwatch.config.model.ReceiveBuffers(receiveBuffer(), receiveBuffer(), receiveBuffer(),
                        vrrpReceiveBuffers()),
                new io.keepwatch.config.model.SplitBrainHeal(r.nextBoolean()));
    }

    private io.keepwatch.config.model.VrrpReceiveBuffers vrrpReceiveBuffers() {
        var policies = io.keepwatch.config.model.VrrpReceiveBuffers.Policy.values();
        var policy = policies[r.nextInt(policies.length)];
        return new io.keepwatch.config.model.VrrpReceiveBuffers(policy,
                policy == io.keepwatch.config.model.VrrpReceiveBuffers.Policy.SIZE ? r.nextLong(0x1_0000_0000L) : 0,
                r.nextBoolean() ? 3 : 1 + r.nextInt(1000));
    }

    private io.keepwatch.config.model.ReceiveBuffers.Size receiveBuffer() {
        return new io.keepwatch.config.model.ReceiveBuffers.Size(r.nextBoolean() ? 0 : 1 + r.nextInt(1 << 24), r.nextBoolean());
    }

    private Lifecycle lifecycle() {
        Optional<NotifyFifo> global = maybe(this::fifo);
        Optional<NotifyFifo> vrrp = maybe(this::fifo).filter(f -> global.isEmpty() || !global.get().path().equals(f.path()));
        return new Lifecycle(global, vrrp, r.nextBoolean(), r.nextBoolean(),
                maybe(() -> new TimedScript(notifyScript(), Duration.ofSeconds(1 + r.nextInt(1000)))),
                maybe(() -> new TimedScript(notifyScript(), Duration.ofSeconds(1 + r.nextInt(1000)))),
                new ReloadSettings(maybe(() -> Path.of("/tmp/" + word())), maybe(() -> Path.of("/run/" + word())),
                        r.nextBoolean(), maybe(() -> Path.of("/run/" + word())),
                        maybe(() -> Path.of(EXISTING_DIRS.get(r.nextInt(EXISTING_DIRS.size()))))),
                r.nextBoolean());
    }

    private NotifyFifo fifo() {
        Optional<String> user = maybe(this::word);
        return new NotifyFifo(Path.of("/run/" + word()), user, user.isPresent() ? maybe(this::word) : Optional.empty(),
                maybe(this::notifyScript));
    }

    private ProcessSettings process() {
        OptionalInt rt = r.nextInt(3) == 0 ? OptionalInt.of(1 + r.nextInt(99)) : OptionalInt.empty();
        // a nice value beside a realtime priority draws a warning (keepalived does not apply it)
        OptionalInt nice = rt.isEmpty() && r.nextBoolean() ? OptionalInt.of(r.nextInt(40) - 20) : OptionalInt.empty();
        return new ProcessSettings(rt, nice, r.nextBoolean(), list(3, () -> r.nextInt(64)),
                r.nextBoolean() ? ProcessSettings.DEFAULT_RLIMIT_RTTIME : 2 + r.nextInt(1_000_000), r.nextInt(100),
                Duration.ofNanos((1 + r.nextInt(10_000_000)) * 1000L),
                r.nextBoolean() ? OptionalInt.of(r.nextInt(0777 + 1)) : OptionalInt.empty(),
                maybe(() -> shortName()), maybe(() -> shortName()));
    }

    private String shortName() {
        String w = word();
        return w.length() > ProcessSettings.MAX_NAME_LENGTH ? w.substring(0, ProcessSettings.MAX_NAME_LENGTH) : w;
    }

    private MetricsSettings metrics() {
        Optional<InetSocketAddress> listen = switch (r.nextInt(4)) {
            case 0 -> Optional.empty();
            case 1 -> MetricsSettings.DEFAULTS.listen();
            case 2 -> Optional.of(new InetSocketAddress(
                    address(new byte[] {10, (byte) r.nextInt(256), 0, (byte) r.nextInt(256)}), 1 + r.nextInt(65535)));
            default -> Optional.of(new InetSocketAddress(InetAddress.ofLiteral("::1"), 1 + r.nextInt(65535)));
        };
        return new MetricsSettings(listen, Arrays.stream(KeepalivedExporter.values()).filter(e -> r.nextBoolean())
                .collect(Collectors.toSet()));
    }

    /** A random choice of the smtp plugin's global_defs keywords, in random order. */
    private Map<String, List<String>> pluginGlobals() {
        List<String> keywords = new ArrayList<>(GlobalDefs.PLUGIN_FLAGS);
        keywords.addAll(GlobalDefs.PLUGIN_VALUES);
        keywords.sort(null);
        java.util.Collections.shuffle(keywords, r);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String k : keywords.subList(0, r.nextInt(keywords.size() + 1))) {
            out.put(k, switch (k) {
                case "smtp_tls_verify" -> List.of(r.nextBoolean() ? "on" : "off");
                case "smtp_retries" -> List.of(Integer.toString(r.nextInt(101)));
                case "smtp_username" -> List.of(word());
                case "smtp_password" -> List.of(r.nextBoolean() ? word() + " " + word() : word());
                default -> List.of();
            });
        }
        return out;
    }

    private GarpConfig garp() {
        return new GarpConfig(Duration.ofSeconds(r.nextInt(1001)), 1 + r.nextInt(1000),
                Duration.ofSeconds(r.nextInt(100_000)), 1 + r.nextInt(1000), micros(1000), micros(1000),
                Duration.ofSeconds(r.nextInt(100_000)), r.nextInt(1000),
                maybe(() -> new GarpConfig.GarpExtraIf(Duration.ofSeconds(1 + r.nextInt(86_400)), r.nextBoolean())));
    }

    /** An instance's GARP settings: strict mode allows no announcements on lower priority adverts. */
    private GarpConfig garp(boolean strict) {
        GarpConfig g = garp();
        return strict ? new GarpConfig(g.masterDelay(), g.masterRepeat(), g.masterRefresh(), g.masterRefreshRepeat(),
                g.interval(), g.gnaInterval(), Duration.ZERO, 0, g.extraIf()) : g;
    }

    /** Options that read back as written: each one only where keepalived keeps it. */
    private AdvertOptions advert(GlobalDefs g, boolean strict, AddressFamily family, List<UnicastPeer> peers) {
        boolean unicast = !peers.isEmpty();
        Optional<InetAddress> mcastDst = unicast ? Optional.empty() : maybe(() -> family == AddressFamily.IPV4
                ? address(new byte[] {(byte) 224, 0, (byte) r.nextInt(256), (byte) r.nextInt(256)})
                : address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (1 + r.nextInt(255))}));
        return new AdvertOptions(unicast && r.nextBoolean() ? OptionalInt.of(r.nextInt(256)) : OptionalInt.empty(),
                mcastDst, peers.stream().anyMatch(UnicastPeer::limitsTtl) || unicast && r.nextBoolean(), r.nextBoolean(),
                UnicastChecksum.AUTO, g.vrrpSkipCheckAdvAddr() || r.nextBoolean(),
                !strict && r.nextBoolean(), strict || r.nextBoolean(), Optional.empty(), false,
                family == AddressFamily.IPV6 && r.nextBoolean(), r.nextBoolean() ? Optional.of(strict) : Optional.empty());
    }

    private VrrpScriptConfig script(String name) {
        Optional<String> user = maybe(this::word);
        return new VrrpScriptConfig(name, command(), positiveMicros(86_400), positiveMicros(86_400),
                r.nextInt(507) - 253, r.nextBoolean(), 1 + r.nextInt(1000), 1 + r.nextInt(1000), user,
                user.isPresent() ? maybe(this::word) : Optional.empty(), r.nextBoolean());
    }

    private VrrpInstanceConfig instance(String name, GlobalDefs g, List<String> trackable, Set<String> usedVrids) {
        boolean strict = g.vrrpStrict();
        AddressFamily family = r.nextInt(3) == 0 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        VrrpVersion version = family == AddressFamily.IPV6 ? VrrpVersion.V3 : r.nextBoolean() ? VrrpVersion.V2 : VrrpVersion.V3;
        String iface;
        int vrid;
        do {
            iface = "eth" + r.nextInt(3);
            vrid = 1 + r.nextInt(255);
        } while (!usedVrids.add(iface + family + vrid));
        int priority = r.nextInt(5) == 0 ? 255 : 1 + r.nextInt(254);
        boolean owner = priority == 255;
        InitialState state = strict ? (owner ? InitialState.MASTER : InitialState.BACKUP)
                : r.nextBoolean() ? InitialState.MASTER : InitialState.BACKUP;
        AuthenticationConfig auth = AuthenticationConfig.NONE;
        if (!strict && version == VrrpVersion.V2 && r.nextBoolean()) {
            // AH starts a non-owner as BACKUP (keepalived's rule)
            boolean ah = (state == InitialState.BACKUP || owner) && r.nextBoolean();
            auth = new AuthenticationConfig(ah ? AuthType.AH : AuthType.PASS, new Secret(password()));
        }
        Duration advert = version == VrrpVersion.V2 ? Duration.ofSeconds(1 + r.nextInt(255))
                : Duration.ofMillis(10L * (1 + r.nextInt(4095)));
        List<VirtualIpAddress> vips = new ArrayList<>();
        int vipCount = (family == AddressFamily.IPV6 ? 1 : 0) + r.nextInt(3);
        for (int i = 0; i < vipCount; i++) vips.add(vip(family));
        List<VirtualIpAddress> evips = list(2, () -> vip(r.nextBoolean() ? AddressFamily.IPV4 : AddressFamily.IPV6));
        boolean nopreempt = state == InitialState.BACKUP && !owner && r.nextBoolean();
        Duration preemptDelay = state == InitialState.MASTER || strict || nopreempt ? Duration.ZERO : micros(1000);
        Optional<InetAddress> unicastSrc = maybe(() -> host(family));
        List<UnicastPeer> peers = list(3, () -> peer(family));
        Optional<InetAddress> mcastSrc = maybe(() -> host(family));
        VmacConfig vmac = vmac(strict, !peers.isEmpty(), family);
        io.keepwatch.config.model.WitnessUse witness = witnessUse();
        boolean elects = witness.elects();
        if (elects) {
            // election mode ignores VRRP's own keywords (a warning) and keeps their unwritten values
            vrid = 0;
            version = family == AddressFamily.IPV6 ? VrrpVersion.V3 : g.vrrpVersion();
            advert = Duration.ofSeconds(1);
            auth = AuthenticationConfig.NONE;
            unicastSrc = Optional.empty();
            peers = List.of();
            mcastSrc = Optional.empty();
            vmac = new VmacConfig(false, Optional.empty(), Optional.empty(), false, vmac.useVmacAddr(), vmac.ipvlan());
        }
        return new VrrpInstanceConfig(name, state, iface, vrid, priority, advert, version, family, auth, vips, evips,
                unicastSrc, peers, mcastSrc, nopreempt,
                preemptDelay, garp(strict), r.nextBoolean(), trackInterfaces(), trackScripts(trackable), notifyScripts(),
                r.nextBoolean(), strict ? 3 : 1 + r.nextInt(100), r.nextBoolean(), vmac,
                notifyOptions(), RandomRouting.virtual(r, family), TrackedObjects.NONE,
                advert(g, strict, family, peers), new io.keepwatch.config.model.SplitBrainHeal(r.nextBoolean()),
                new NotifyConflict(maybe(this::notifyScript)),
                new io.keepwatch.config.model.InterfaceOptions(r.nextBoolean() ? 0 : r.nextLong(0x1_0000_0000L)),
                witness, auth.type() == AuthType.NONE && !elects ? maybe(() -> authHmac(strict)) : Optional.empty());
    }

    /** Plain VRRP, witness NAME or election NAME of one of the configuration's vrrp_witness blocks. */
    private io.keepwatch.config.model.WitnessUse witnessUse() {
        if (witnessNames.isEmpty() || r.nextBoolean()) return io.keepwatch.config.model.WitnessUse.NONE;
        String name = witnessNames.get(r.nextInt(witnessNames.size()));
        return r.nextBoolean() ? io.keepwatch.config.model.WitnessUse.fence(name)
                : io.keepwatch.config.model.WitnessUse.election(name);
    }

    /** An auth_hmac block with inline keys (hex or text); vrrp_strict requires mode enforce. */
    private io.keepwatch.config.model.AuthHmacConfig authHmac(boolean strict) {
        List<io.keepwatch.config.model.AuthHmacConfig.Key> keys = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        int id = 1 + r.nextInt(200);
        for (int i = 0; i < count; i++, id += 1 + r.nextInt(10)) {
            StringBuilder value = new StringBuilder();
            if (r.nextBoolean()) {
                value.append("hex:");
                for (int o = 0, n = 32 + r.nextInt(33); o < n; o++) value.append(String.format("%02x", r.nextInt(256)));
            } else {
                for (int o = 0, n = 32 + r.nextInt(33); o < n; o++) value.append((char) ('a' + r.nextInt(26)));
            }
            keys.add(new io.keepwatch.config.model.AuthHmacConfig.Key(id, Optional.empty(), new Secret(value.toString())));
        }
        io.keepwatch.vrrp.codec.HmacMode[] modes = io.keepwatch.vrrp.codec.HmacMode.values();
        return new io.keepwatch.config.model.AuthHmacConfig(keys, keys.get(r.nextInt(count)).id(),
                strict ? io.keepwatch.vrrp.codec.HmacMode.ENFORCE : modes[r.nextInt(modes.length)],
                r.nextBoolean() ? io.keepwatch.vrrp.codec.AntiReplay.TIME : io.keepwatch.vrrp.codec.AntiReplay.MONOTONIC,
                1 + r.nextInt(300));
    }

    private NotifyOptions notifyOptions() {
        boolean deleted = r.nextBoolean();
        return new NotifyOptions(deleted, deleted ? maybe(this::notifyScript) : Optional.empty(), maybe(r::nextBoolean));
    }

    /**
     * use_vmac as the binder completes it: unicast forces vmac_xmit_base, strict forbids it and a MAC
     * (so strict and unicast together always warn, and are left out).
     */
    private VmacConfig vmac(boolean strict, boolean unicast, AddressFamily family) {
        if (r.nextInt(5) == 0) {
            // use_ipvlan: an IPv4 one needs its address (keepalived warns without)
            Optional<InetAddress> address = family == AddressFamily.IPV4 || r.nextBoolean()
                    ? Optional.of(host(family)) : Optional.empty();
            int max = family == AddressFamily.IPV4 ? 32 : 128;
            return new VmacConfig(false, Optional.empty(), Optional.empty(), false, r.nextBoolean(),
                    Optional.of(new IpvlanConfig(r.nextBoolean() ? Optional.of("iv" + vmacNames++) : Optional.empty(),
                            address, address.isPresent() ? 1 + r.nextInt(max) : 0,
                            IpvlanConfig.Mode.values()[r.nextInt(3)])));
        }
        if (r.nextInt(3) != 0 || (strict && unicast)) {
            return r.nextInt(4) == 0 ? new VmacConfig(false, Optional.empty(), Optional.empty(), false, true) : VmacConfig.NONE;
        }
        Optional<String> name = r.nextBoolean() ? Optional.of("vm" + vmacNames++) : Optional.empty();
        Optional<String> mac = strict || r.nextBoolean() ? Optional.empty()
                : Optional.of(r.nextBoolean() ? "02:00:00:0a:0b" : "02:00:00:0a:0b:" + String.format("%02x", r.nextInt(256)));
        boolean xmitBase = !strict && (unicast || r.nextBoolean());
        return new VmacConfig(true, name, mac, xmitBase, r.nextBoolean());
    }

    private UnicastPeer peer(AddressFamily family) {
        if (r.nextBoolean()) return UnicastPeer.of(host(family));
        int min = r.nextInt(256);
        return new UnicastPeer(host(family), min, min + r.nextInt(256 - min));
    }

    private VirtualIpAddress vip(AddressFamily family) {
        InetAddress address = host(family);
        int prefix = r.nextInt(family == AddressFamily.IPV4 ? 33 : 129);
        Optional<InetAddress> brd = family == AddressFamily.IPV4 ? maybe(() -> host(AddressFamily.IPV4)) : Optional.empty();
        // keepalived drops the broadcast of an address with a peer
        Optional<InetAddress> peer = brd.isEmpty() ? maybe(() -> host(family)) : Optional.empty();
        return new VirtualIpAddress(address, prefix, brd, maybe(() -> "eth" + r.nextInt(4)),
                maybe(() -> List.of("global", "site", "link", "host", "nowhere").get(r.nextInt(5))),
                maybe(() -> "eth0:" + word()), r.nextBoolean(),
                new AddressOptions(r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
                        r.nextBoolean() ? OptionalLong.empty()
                                : OptionalLong.of(r.nextBoolean() ? AddressOptions.FOREVER : r.nextInt(100_000)),
                        peer));
    }

    private List<TrackedInterface> trackInterfaces() {
        return list(3, () -> {
            boolean weighted = r.nextBoolean();
            return new TrackedInterface("eth" + r.nextInt(5), weighted ? r.nextInt(507) - 253 : 0,
                    weighted && r.nextBoolean());
        });
    }

    private List<TrackedScript> trackScripts(List<String> trackable) {
        if (trackable.isEmpty()) return List.of();
        return list(3, () -> {
            boolean weighted = r.nextBoolean();
            return new TrackedScript(trackable.get(r.nextInt(trackable.size())),
                    weighted ? OptionalInt.of(r.nextInt(507) - 253) : OptionalInt.empty(), weighted && r.nextBoolean());
        });
    }

    private NotifyScripts notifyScripts() {
        return new NotifyScripts(maybe(this::notifyScript), maybe(this::notifyScript), maybe(this::notifyScript),
                maybe(this::notifyScript), maybe(this::notifyScript));
    }

    private NotifyScript notifyScript() {
        Optional<String> user = maybe(this::word);
        return new NotifyScript(command(), user, user.isPresent() ? maybe(this::word) : Optional.empty());
    }

    private ScriptCommand command() {
        List<String> argv = new ArrayList<>();
        argv.add("/usr/local/bin/" + word());
        argv.addAll(list(3, () -> r.nextInt(3) == 0 ? word() + " " + word() : r.nextInt(5) == 0 ? "状态" : word()));
        return new ScriptCommand(argv);
    }

    private ConfigNode pluginBlock(String keyword, String name) {
        List<ConfigNode> children = new ArrayList<>();
        children.add(new ConfigNode("type", List.of(r.nextBoolean() ? "http" : "tcp"), List.of(), NOWHERE));
        children.add(new ConfigNode("url", List.of("http://127.0.0.1:" + (1 + r.nextInt(65535)) + "/health#top"),
                List.of(), NOWHERE));
        if (r.nextBoolean()) {
            children.add(new ConfigNode("expect", List.of(), List.of(new ConfigNode("status", List.of("200", "204"),
                    List.of(), NOWHERE)), NOWHERE));
        }
        return new ConfigNode(keyword, List.of(name), children, NOWHERE);
    }

    /** A vrrp_check block: plugin keywords plus the tracking keywords of {@code t}, all written out. */
    private ConfigNode check(String name, CheckTracking t) {
        ConfigNode plugin = pluginBlock("vrrp_check", name);
        List<ConfigNode> children = new ArrayList<>(plugin.children());
        children.add(node("interval", ConfigPrinter.seconds(t.interval())));
        children.add(node("timeout", ConfigPrinter.seconds(t.timeout())));
        if (t.weightReverse()) children.add(node("weight", Integer.toString(t.weight()), "reverse"));
        else children.add(node("weight", Integer.toString(t.weight())));
        children.add(node("rise", Integer.toString(t.rise())));
        children.add(node("fall", Integer.toString(t.fall())));
        if (t.initFail()) children.add(node("init_fail"));
        return new ConfigNode("vrrp_check", List.of(name), children, NOWHERE);
    }

    private static ConfigNode node(String keyword, String... args) {
        return new ConfigNode(keyword, List.of(args), List.of(), NOWHERE);
    }

    private InetAddress host(AddressFamily family) {
        byte[] b = new byte[family == AddressFamily.IPV4 ? 4 : 16];
        r.nextBytes(b);
        if (family == AddressFamily.IPV6) {
            b[0] = (byte) 0x20; // global unicast, never an IPv4-mapped form
            if (r.nextBoolean()) for (int i = 4; i < 14; i++) b[i] = 0; // exercise "::"
        }
        return address(b);
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b); // raw bytes: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Duration micros(long maxSeconds) {
        return r.nextInt(4) == 0 ? Duration.ZERO : Duration.ofNanos(1000L * (long) (r.nextDouble() * maxSeconds * 1_000_000));
    }

    private Duration positiveMicros(long maxSeconds) {
        Duration d = micros(maxSeconds);
        return d.isZero() ? Duration.ofSeconds(1) : d;
    }

    private String password() {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) s.append(chars.charAt(r.nextInt(chars.length())));
        return s.toString();
    }

    private String word() {
        String first = "abcdefghijklmnopqrstuvwxyz";
        String rest = first + "0123456789_-.";
        StringBuilder s = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) s.append(rest.charAt(r.nextInt(rest.length())));
        return s.toString();
    }

    private <T> Optional<T> maybe(Supplier<T> value) {
        return r.nextBoolean() ? Optional.of(value.get()) : Optional.empty();
    }

    private <T> List<T> list(int max, Supplier<T> value) {
        int n = r.nextInt(max + 1);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(value.get());
        return out;
    }
}
