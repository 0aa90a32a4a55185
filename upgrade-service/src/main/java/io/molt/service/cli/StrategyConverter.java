package io.molt.service.cli;

import io.molt.service.domain.plan.Strategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --strategy balanced}: the names of {@link Strategy#key()}, refused with the list of them. */
final class StrategyConverter implements ITypeConverter<Strategy> {

    @Override
    public Strategy convert(String value) {
        try {
            return Strategy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
