package io.molt.service.domain.campaign;

/** Progress of one VM's action in a campaign. */
public enum VmActionState { PENDING, IN_PROGRESS, DONE, FAILED, SKIPPED }
