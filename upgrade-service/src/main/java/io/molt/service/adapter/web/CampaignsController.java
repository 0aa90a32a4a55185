package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.adapter.json.CampaignOptionsJson;
import io.molt.service.adapter.json.PlanDocument;
import io.molt.service.adapter.web.CampaignViews.CampaignList;
import io.molt.service.adapter.web.CampaignViews.CampaignView;
import io.molt.service.adapter.web.CampaignViews.EventList;
import io.molt.service.adapter.web.CampaignViews.EventView;
import io.molt.service.adapter.web.CampaignViews.HostList;
import io.molt.service.adapter.web.CampaignViews.HostView;
import io.molt.service.adapter.web.CampaignViews.OneCampaign;
import io.molt.service.adapter.web.CampaignViews.OneHost;
import io.molt.service.adapter.web.CampaignViews.VmList;
import io.molt.service.adapter.web.CampaignViews.VmView;
import io.molt.service.application.campaign.CampaignRejected;
import io.molt.service.application.campaign.CampaignRequest;
import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

    record UpgradeBody(@Schema(requiredMode = RequiredMode.REQUIRED, description = "the program and its arguments "
            + "that the agent runs on each host") List<String> command,
            @Schema(description = "how long the command may run", defaultValue = "1800", minimum = "1")
            Long timeoutSeconds,
            @Schema(description = "the hypervisor version each host must report afterwards, when given")
            String expectedHypervisorVersion) {
    }

    /** {@code options} is read by {@link CampaignOptionsJson}, as an options file is (one schema). */
    @Schema(description = "A campaign to plan: name the hosts in exactly one way (hosts, aggregate or "
            + "availability_zone)")
    record CreateBody(@Schema(defaultValue = "campaign") String name, List<String> hosts, String aggregate,
            String availabilityZone, @Schema(requiredMode = RequiredMode.REQUIRED) UpgradeTarget target,
            @Schema(requiredMode = RequiredMode.REQUIRED) UpgradeBody upgrade,
            @Schema(implementation = CampaignOptions.class) JsonNode options) {
    }

    record AbortBody(@Schema(description = "re-enable in Nova the hosts the campaign disabled", defaultValue = "true")
            Boolean reEnableHosts) {
    }

    /** The document's example of a campaign: two of the simulated cloud's hosts (the contract test posts it). */
    static final String CREATE_EXAMPLE = """
            {"name": "qemu 10 on rack 1", "hosts": ["compute-00000", "compute-00001"], "target": "USERSPACE",
             "upgrade": {"command": ["apt-get", "install", "-y", "qemu-system-x86"], "timeout_seconds": 900},
             "options": {"max_hosts_down": 1, "strategy": "balanced", "max_vm_downtime_ms": 30000}}""";
    static final String ID_EXAMPLE = "7c1e4b0a-58f2-4c3e-9d61-0b2f8e6a9d14";

    private static final CampaignOptionsJson OPTIONS = new CampaignOptionsJson();

    private final CampaignService service;
    private final Campaigns campaigns;

    CampaignsController(CampaignService service, Campaigns campaigns) {
        this.service = service;
        this.campaigns = campaigns;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ApiFaults({400, 409, 413, 415, 503})
    OneCampaign create(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CreateBody.class),
            examples = @ExampleObject(name = "hosts", summary = "QEMU on two named hosts, one at a time",
                    value = CREATE_EXAMPLE))) @RequestBody CreateBody body) {
        return OneCampaign.of(service.create(request(body, CurrentUser.name())));
    }

    @GetMapping
    CampaignList list() {
        return new CampaignList(campaigns.all().stream().map(CampaignView::of).toList());
    }

    @GetMapping("/{id}")
    @ApiFaults(404)
    OneCampaign show(@Parameter(example = ID_EXAMPLE) @PathVariable String id) {
        return OneCampaign.of(service.find(id));
    }

    /** The stored plan document as it was written, typed by {@link PlanDocument} (its bytes are not re-read). */
    @GetMapping(value = "/{id}/plan", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "The campaign's plan: waves of hosts, each VM's action, "
            + "destination, predicted downtime and reason, the totals, baselines and every strategy's totals",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PlanDocument.class)))
    @ApiFaults(404)
    String plan(@Parameter(example = ID_EXAMPLE) @PathVariable String id) {
        return service.plan(id);
    }

    @GetMapping("/{id}/hosts")
    @ApiFaults(404)
    HostList hosts(@Parameter(example = ID_EXAMPLE) @PathVariable String id) {
        service.find(id);
        return new HostList(campaigns.hosts(id).stream().map(HostView::of).toList());
    }

    @GetMapping("/{id}/hosts/{host}")
    @ApiFaults(404)
    OneHost host(@Parameter(example = ID_EXAMPLE) @PathVariable String id,
            @Parameter(example = AgentsController.HOST_EXAMPLE) @PathVariable String host) {
        service.find(id);
        return new OneHost(campaigns.hosts(id).stream().filter(h -> h.host().equals(host)).findFirst()
                .map(HostView::of).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "host " + host
                        + " is not part of campaign " + id + "; GET /v1/campaigns/" + id + "/hosts lists them")));
    }

    @GetMapping("/{id}/vms")
    @ApiFaults(404)
    VmList vms(@Parameter(example = ID_EXAMPLE) @PathVariable String id) {
        service.find(id);
        return new VmList(campaigns.vms(id).stream().map(VmView::of).toList());
    }

    @GetMapping("/{id}/events")
    @ApiFaults(404)
    EventList events(@Parameter(example = ID_EXAMPLE) @PathVariable String id,
            @Parameter(example = "0", schema = @Schema(type = "integer", format = "int64", defaultValue = "0",
                    minimum = "0"))
            @RequestParam(required = false) String after,
            @Parameter(example = "100", schema = @Schema(type = "integer", format = "int32", defaultValue = "200",
                    minimum = "1", maximum = "1000")) @RequestParam(required = false) String limit) {
        long afterId = QueryParameters.integer("after", after, 0, 0, Long.MAX_VALUE, "an event id");
        int count = (int) QueryParameters.integer("limit", limit, 200, 1, 1000, "how many events to return");
        service.find(id);
        return new EventList(campaigns.events(id, afterId, count).stream().map(EventView::of).toList());
    }

    @PostMapping("/{id}/approve")
    @ApiFaults({400, 404, 409, 413})
    OneCampaign approve(@Parameter(example = ID_EXAMPLE) @PathVariable String id, HttpServletRequest request) {
        service.find(id); // an unknown campaign is 404 whatever the body
        QueryParameters.requireNoBody(request, "approve");
        return OneCampaign.of(service.approve(id, CurrentUser.name()));
    }

    @PostMapping("/{id}/pause")
    @ApiFaults({400, 404, 409, 413})
    OneCampaign pause(@Parameter(example = ID_EXAMPLE) @PathVariable String id, HttpServletRequest request) {
        service.find(id); // an unknown campaign is 404 whatever the body
        QueryParameters.requireNoBody(request, "pause");
        return OneCampaign.of(service.pause(id, CurrentUser.name()));
    }

    @PostMapping("/{id}/resume")
    @ApiFaults({400, 404, 409, 413})
    OneCampaign resume(@Parameter(example = ID_EXAMPLE) @PathVariable String id, HttpServletRequest request) {
        service.find(id); // an unknown campaign is 404 whatever the body
        QueryParameters.requireNoBody(request, "resume");
        return OneCampaign.of(service.resume(id, CurrentUser.name()));
    }

    @PostMapping("/{id}/abort")
    @ApiFaults({400, 404, 409, 413, 415})
    OneCampaign abort(@Parameter(example = ID_EXAMPLE) @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AbortBody.class),
                    examples = @ExampleObject(name = "keep-disabled", summary = "leave the hosts disabled in Nova",
                            value = "{\"re_enable_hosts\": false}"))) @RequestBody(required = false) AbortBody body) {
        boolean reEnable = body == null || body.reEnableHosts() == null || body.reEnableHosts();
        return OneCampaign.of(service.abort(id, CurrentUser.name(), reEnable));
    }

    @ExceptionHandler(CampaignRejected.class)
    ResponseEntity<Map<String, Object>> rejected(CampaignRejected e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT, NO_SAFE_PLAN -> HttpStatus.CONFLICT;
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
                    OPTIONS.readRequest(body.options()), user);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
