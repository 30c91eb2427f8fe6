package dev.partsmith.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.partsmith.autoconfigure.PartsmithProperties.LockProvider;

/** The condition behind {@link ConditionalOnLockProvider}: binds {@code partsmith.lock.provider} like the properties do. */
class OnLockProviderCondition extends SpringBootCondition {

    static final String PROPERTY = "partsmith.lock.provider";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnLockProvider.class.getName());
        LockProvider wanted = (LockProvider) attributes.get("value");
        boolean matchAuto = (Boolean) attributes.get("matchAuto");
        LockProvider configured = Binder.get(context.getEnvironment()).bind(PROPERTY, LockProvider.class).orElse(LockProvider.AUTO);
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnLockProvider.class, wanted);
        if (configured == wanted || (matchAuto && configured == LockProvider.AUTO)) {
            return ConditionOutcome.match(message.because(PROPERTY + " is " + configured));
        }
        return ConditionOutcome.noMatch(message.because(PROPERTY + " is " + configured));
    }
}
