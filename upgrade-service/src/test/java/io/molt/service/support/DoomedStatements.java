package io.molt.service.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * A process death at any point of its work with the database, for one thread: wraps the service's
 * {@link DataSource} so that a thread {@link #doom doomed} after {@code n} statements throws {@link Death} as
 * it prepares (or commits) its n-th one. To PostgreSQL that is what a SIGKILL of the replica looks like: the
 * statement never runs and the open transaction is rolled back; to the code above, nothing after that point
 * happens. Other threads are untouched.
 */
public final class DoomedStatements implements BeanPostProcessor {

    private static final Set<String> COUNTED = Set.of("prepareStatement", "prepareCall", "createStatement", "commit");
    private static final ThreadLocal<int[]> LEFT = new ThreadLocal<>();

    /** The death of the replica whose thread it is thrown on; never caught by the service's own code paths. */
    public static final class Death extends Error {
        Death(String what) {
            super("died before " + what, null, false, false);
        }
    }

    /** The calling thread dies at its {@code statements}-th statement from now. */
    public static void doom(int statements) {
        LEFT.set(new int[] {statements});
    }

    /** The calling thread is no longer doomed. */
    public static void spare() {
        LEFT.remove();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource ? proxy(DataSource.class, dataSource, this::connection) : bean;
    }

    private Object connection(Object result) {
        return result instanceof Connection connection ? proxy(Connection.class, connection, r -> r) : result;
    }

    private static <T> T proxy(Class<T> type, T target, java.util.function.UnaryOperator<Object> wrapResult) {
        InvocationHandler handler = (self, method, args) -> {
            if (COUNTED.contains(method.getName())) {
                tick(method);
            }
            try {
                return wrapResult.apply(method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static void tick(Method method) {
        int[] left = LEFT.get();
        if (left != null && --left[0] <= 0) {
            LEFT.remove();
            throw new Death(method.getName());
        }
    }
}
