package io.executions.domain.command;

import io.executions.domain.api.InstanceScoped;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Takes the instance lock before the aggregate is loaded, inside the command's unit of work and
 * transaction, so that the checks of rules 8 to 12 see every earlier write of the instance.
 */
public final class InstanceSerializingInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {
    private final InstanceLock lock;

    public InstanceSerializingInterceptor(InstanceLock lock) {
        this.lock = lock;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof InstanceScoped scoped) {
            lock.acquire(scoped.instance());
        }
        return chain.proceed();
    }
}
