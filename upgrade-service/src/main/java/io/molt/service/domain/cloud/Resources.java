package io.molt.service.domain.cloud;

/** An amount of compute resources: vCPUs, RAM in MiB, local disk in GiB. */
public record Resources(int vcpus, long ramMib, long diskGib) {

    public static final Resources ZERO = new Resources(0, 0, 0);

    public Resources {
        if (vcpus < 0 || ramMib < 0 || diskGib < 0) {
            throw new IllegalArgumentException("resources must not be negative: " + vcpus + " vCPU, "
                    + ramMib + " MiB, " + diskGib + " GiB");
        }
    }

    public Resources plus(Resources other) {
        return new Resources(vcpus + other.vcpus, ramMib + other.ramMib, diskGib + other.diskGib);
    }

    public Resources minus(Resources other) {
        return new Resources(vcpus - other.vcpus, ramMib - other.ramMib, diskGib - other.diskGib);
    }
}
