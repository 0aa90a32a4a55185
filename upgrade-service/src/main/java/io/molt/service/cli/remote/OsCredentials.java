package io.molt.service.cli.remote;

import java.util.Map;

/**
 * How to sign in to Keystone, as the {@code openstack} CLI takes it: a password, an application credential
 * or a ready token, with the project scope and the region. Its {@link #toString()} never shows a secret.
 */
public record OsCredentials(String authUrl, String username, String userDomain, String password, String projectName,
        String projectId, String projectDomain, String applicationCredentialId, String applicationCredentialName,
        String applicationCredentialSecret, String token, String region, String interfaceName) {

    /** From {@code OS_*} variables (missing ones are null; the domains default to Default). */
    static OsCredentials fromEnvironment(Map<String, String> env) {
        return new OsCredentials(env.get("OS_AUTH_URL"), env.get("OS_USERNAME"),
                first(env.get("OS_USER_DOMAIN_NAME"), env.get("OS_USER_DOMAIN_ID")), env.get("OS_PASSWORD"),
                env.get("OS_PROJECT_NAME"), env.get("OS_PROJECT_ID"),
                first(env.get("OS_PROJECT_DOMAIN_NAME"), env.get("OS_PROJECT_DOMAIN_ID")),
                env.get("OS_APPLICATION_CREDENTIAL_ID"), env.get("OS_APPLICATION_CREDENTIAL_NAME"),
                env.get("OS_APPLICATION_CREDENTIAL_SECRET"), env.get("OS_TOKEN"), env.get("OS_REGION_NAME"),
                first(env.get("OS_INTERFACE"), null));
    }

    /** These values, each replaced by {@code over}'s where that one is set. */
    OsCredentials overriddenBy(OsCredentials over) {
        return new OsCredentials(first(over.authUrl, authUrl), first(over.username, username),
                first(over.userDomain, userDomain), first(over.password, password), first(over.projectName, projectName),
                first(over.projectId, projectId), first(over.projectDomain, projectDomain),
                first(over.applicationCredentialId, applicationCredentialId),
                first(over.applicationCredentialName, applicationCredentialName),
                first(over.applicationCredentialSecret, applicationCredentialSecret), first(over.token, token),
                first(over.region, region), first(over.interfaceName, interfaceName));
    }

    boolean usesApplicationCredential() {
        return applicationCredentialSecret != null
                && (applicationCredentialId != null || applicationCredentialName != null);
    }

    boolean usesPassword() {
        return username != null && password != null;
    }

    String interfaceOrPublic() {
        return interfaceName == null ? "public" : interfaceName.replaceFirst("URL$", "");
    }

    String userDomainOrDefault() {
        return userDomain == null ? "Default" : userDomain;
    }

    String projectDomainOrDefault() {
        return projectDomain == null ? "Default" : projectDomain;
    }

    private static String first(String preferred, String fallback) {
        return preferred == null || preferred.isBlank() ? fallback : preferred;
    }

    @Override
    public String toString() {
        return "OsCredentials[authUrl=" + authUrl + ", username=" + username + ", project=" + projectName
                + ", applicationCredentialId=" + applicationCredentialId + ", region=" + region + "]";
    }
}
