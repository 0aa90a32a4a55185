package io.molt.service.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the admin API's requests ({@code molt.api.*}); documented in docs/configuration.md.
 *
 * @param maxBodySize a request body larger than this is refused with 413 (default 1MB; 1KB to 64MB)
 */
@ConfigurationProperties("molt.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize) {

    public ApiProperties {
        if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > DataSize.ofMegabytes(64).toBytes()) {
            throw new IllegalArgumentException("molt.api.max-body-size must be between 1KB and 64MB, was "
                    + maxBodySize);
        }
    }
}
