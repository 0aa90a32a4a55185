package io.molt.service.adapter.nova;

import java.net.URI;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.openstack.identity.internal.DefaultEndpointURLResolver;

/**
 * openstack4j's endpoint lookup with the compute service's endpoint replaced by {@code molt.nova.compute-endpoint}
 * (the other services from the catalog as before), so that its calls go where {@link NovaRest}'s go.
 */
final class ComputeEndpointOverride implements EndpointURLResolver {

    private final EndpointURLResolver catalog = new DefaultEndpointURLResolver();
    private final String compute;

    ComputeEndpointOverride(URI compute) {
        this.compute = compute.toString().replaceAll("/+$", "");
    }

    @Override
    public String findURLV2(URLResolverParams params) {
        return params.type == ServiceType.COMPUTE ? compute : catalog.findURLV2(params);
    }

    @Override
    public String findURLV3(URLResolverParams params) {
        return params.type == ServiceType.COMPUTE ? compute : catalog.findURLV3(params);
    }
}
