package io.molt.service.adapter.web;

import io.molt.service.adapter.web.CampaignViews.CampaignView;
import io.molt.service.adapter.web.CampaignViews.EventView;
import io.molt.service.adapter.web.CampaignViews.HostView;
import io.molt.service.adapter.web.CampaignViews.VmView;
import io.molt.service.application.campaign.CampaignRejected;
import io.molt.service.application.campaign.CampaignRequest;
import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.ObjectiveWeights;
import io.molt.service.domain.plan.Strategy;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/campaigns}: create (snapshot and plan, stored as a dry run), read the plan, hosts, VMs and
 * events, and the operator's actions approve, pause, resume and abort.
 */
@RestController
@RequestMapping("/v1/campaigns")
class CampaignsController {

    record UpgradeBody(List<String> command, Long timeoutSeconds, String expectedHypervisorVersion) {
    }

    record OptionsBody(Integer maxHostsDown, Integer maxMigrationsPerHost, Long maxVmDowntimeMs,
            Set<Action> allowedActions, Long noticePeriod, String strategy, WeightsBody weights) {
    }

    /** The campaign cost's weights (docs/planner.md); each absent one keeps the strategy's. */
    record WeightsBody(Double perGibMoved, Double perMakespanSecond, Double perDowntimeSecond) {
    }

    record CreateBody(String name, List<String> hosts, String aggregate, String availabilityZone, UpgradeTarget target,
            UpgradeBody upgrade, OptionsBody options) {
    }

    record AbortBody(Boolean reEnableHosts) {
    }

    private final CampaignService service;
    private final Campaigns campaigns;

    CampaignsController(CampaignService service, Campaigns campaigns) {
        this.service = service;
        this.campaigns = campaigns;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, CampaignView> create(@RequestBody CreateBody body) {
        return Map.of("campaign", CampaignView.of(service.create(request(body, CurrentUser.name()))));
    }

    @GetMapping
    Map<String, List<CampaignView>> list() {
        return Map.of("campaigns", campaigns.all().stream().map(CampaignView::of).toList());
    }

    @GetMapping("/{id}")
    Map<String, CampaignView> show(@PathVariable String id) {
        return Map.of("campaign", CampaignView.of(service.find(id)));
    }

    @GetMapping(value = "/{id}/plan", produces = MediaType.APPLICATION_JSON_VALUE)
    String plan(@PathVariable String id) {
        return service.find(id).planDocument();
    }

    @GetMapping("/{id}/hosts")
    Map<String, List<HostView>> hosts(@PathVariable String id) {
        service.find(id);
        return Map.of("hosts", campaigns.hosts(id).stream().map(HostView::of).toList());
    }

    @GetMapping("/{id}/hosts/{host}")
    Map<String, HostView> host(@PathVariable String id, @PathVariable String host) {
        service.find(id);
        return Map.of("host", campaigns.hosts(id).stream().filter(h -> h.host().equals(host)).findFirst()
                .map(HostView::of).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "host " + host
                        + " is not part of campaign " + id + "; GET /v1/campaigns/" + id + "/hosts lists them")));
    }

    @GetMapping("/{id}/vms")
    Map<String, List<VmView>> vms(@PathVariable String id) {
        service.find(id);
        return Map.of("vms", campaigns.vms(id).stream().map(VmView::of).toList());
    }

    @GetMapping("/{id}/events")
    Map<String, List<EventView>> events(@PathVariable String id,
            @Parameter(schema = @Schema(type = "integer", format = "int64", defaultValue = "0", minimum = "0"))
            @RequestParam(required = false) String after,
            @Parameter(schema = @Schema(type = "integer", format = "int32", defaultValue = "200", minimum = "1",
                    maximum = "1000")) @RequestParam(required = false) String limit) {
        long afterId = QueryParameters.integer("after", after, 0, 0, Long.MAX_VALUE, "an event id");
        int count = (int) QueryParameters.integer("limit", limit, 200, 1, 1000, "how many events to return");
        service.find(id);
        return Map.of("events", campaigns.events(id, afterId, count).stream().map(EventView::of).toList());
    }

    @PostMapping("/{id}/approve")
    Map<String, CampaignView> approve(@PathVariable String id, HttpServletRequest request) {
        service.find(id); // an unknown campaign is 404 whatever the body
        QueryParameters.requireNoBody(request, "approve");
        return Map.of("campaign", CampaignView.of(service.approve(id, CurrentUser.name())));
    }

    @PostMapping("/{id}/pause")
    Map<String, CampaignView> pause(@PathVariable String id, HttpServletRequest request) {
        service.find(id); // an unknown campaign is 404 whatever the body
        QueryParameters.requireNoBody(request, "pause");
        return Map.of("campaign", CampaignView.of(service.pause(id, CurrentUser.name())));
    }

    @PostMapping("/{id}/resume")
    Map<String, CampaignView> resume(@PathVariable String id, HttpServletRequest request) {
        service.find(id); // an unknown campaign is 404 whatever the body
        QueryParameters.requireNoBody(request, "resume");
        return Map.of("campaign", CampaignView.of(service.resume(id, CurrentUser.name())));
    }

    @PostMapping("/{id}/abort")
    Map<String, CampaignView> abort(@PathVariable String id, @RequestBody(required = false) AbortBody body) {
        boolean reEnable = body == null || body.reEnableHosts() == null || body.reEnableHosts();
        return Map.of("campaign", CampaignView.of(service.abort(id, CurrentUser.name(), reEnable)));
    }

    @ExceptionHandler(CampaignRejected.class)
    ResponseEntity<Map<String, Object>> rejected(CampaignRejected e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        return ApiErrors.fault(status, e.getMessage());
    }

    private static CampaignRequest request(CreateBody body, String user) {
        if (body.target() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "target is required: one of "
                    + EnumSet.allOf(UpgradeTarget.class));
        }
        if (body.upgrade() == null || body.upgrade().command() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "upgrade.command is required: the program and arguments "
                    + "the agent runs on each host, e.g. [\"apt-get\", \"install\", \"-y\", \"qemu-system-x86\"]");
        }
        try {
            HostSelector hosts = new HostSelector(body.hosts(), body.aggregate(), body.availabilityZone());
            UpgradeSpec upgrade = new UpgradeSpec(body.upgrade().command(),
                    body.upgrade().timeoutSeconds() == null ? 1800 : body.upgrade().timeoutSeconds(),
                    body.upgrade().expectedHypervisorVersion());
            return new CampaignRequest(body.name() == null ? "campaign" : body.name(), hosts, body.target(), upgrade,
                    options(body.options()), user);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static CampaignOptions options(OptionsBody body) {
        CampaignOptions.Builder options = CampaignOptions.builder();
        if (body == null) {
            return options.build();
        }
        if (body.maxHostsDown() != null) {
            options.maxHostsDown(body.maxHostsDown(), body.maxHostsDown(), body.maxHostsDown());
        }
        if (body.maxMigrationsPerHost() != null) {
            options.maxMigrations(body.maxMigrationsPerHost(), 0);
        }
        if (body.maxVmDowntimeMs() != null) {
            options.maxVmDowntimeMs(body.maxVmDowntimeMs());
        }
        if (body.allowedActions() != null) {
            options.allowedActions(body.allowedActions().stream().collect(Collectors.toSet()));
        }
        if (body.noticePeriod() != null) {
            options.noticePeriod(body.noticePeriod());
        }
        if (body.strategy() != null) {
            options.strategy(Strategy.parse(body.strategy()));
        }
        if (body.weights() != null) {
            options.weights(new ObjectiveWeights(body.weights().perGibMoved(), body.weights().perMakespanSecond(),
                    body.weights().perDowntimeSecond()));
        }
        return options.build();
    }
}
