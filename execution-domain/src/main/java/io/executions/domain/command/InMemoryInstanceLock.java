package io.executions.domain.command;

import io.executions.domain.api.InstanceId;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** One fair, reentrant lock per instance, released when the unit of work that took it is cleaned up. */
public final class InMemoryInstanceLock implements InstanceLock {
    private static final long TIMEOUT_SECONDS = 30;
    private final ConcurrentMap<InstanceId, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Override
    public void acquire(InstanceId instance) {
        ReentrantLock lock = locks.computeIfAbsent(instance, i -> new ReentrantLock(true));
        UnitOfWork<?> uow = CurrentUnitOfWork.get();
        if (lock.isHeldByCurrentThread()) {
            return;
        }
        try {
            if (!lock.tryLock(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("instance '" + instance + "' stayed locked for "
                        + TIMEOUT_SECONDS + "s; another command is stuck");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock of instance " + instance, e);
        }
        uow.root().onCleanup(u -> lock.unlock());
    }
}
