package io.molt.service.cli;

import io.molt.service.domain.plan.Strategy;
import picocli.CommandLine.ITypeConverter;

/** {@code --strategy balanced}: the names of {@link Strategy#key()}, refused with the list of them. */
final class StrategyConverter implements ITypeConverter<Strategy> {

    @Override
    public Strategy convert(String value) {
        return Strategy.parse(value);
    }
}
