package dev.streamer.infra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 for outage tests: put it between a service and its database or broker, then {@link #cut()}
 * it — every open connection is closed and new ones are refused, as when the server stops — and {@link #restore()} it
 * on the same port. Plain blocking sockets, two daemon threads per connection.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = listener.getLocalPort();
        this.listener = listener;
    }

    /** A proxy on a free port of 127.0.0.1 forwarding to {@code targetHost:targetPort}, accepting at once. */
    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            TcpProxy proxy = new TcpProxy(targetHost, targetPort, listen(0));
            proxy.accept(proxy.listener);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the TCP proxy", e);
        }
    }

    public int port() {
        return port;
    }

    /** True between {@link #cut()} and {@link #restore()}. */
    public boolean isCut() {
        return listener == null;
    }

    /**
     * Closes every open connection and stops listening: once it returns, connecting is refused until
     * {@link #restore()}.
     */
    public synchronized void cut() {
        ServerSocket l = listener;
        listener = null;
        quietly(l);
        awaitAcceptorEnd();
        for (Socket s : open) {
            quietly(s);
        }
        open.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (closed || listener != null) {
            return;
        }
        try {
            listener = listen(port);
            accept(listener);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + port + " again", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    /**
     * Closing a server socket while a thread is blocked in its accept() only marks it closed: the kernel keeps the
     * listening socket, and completes handshakes into its backlog, until that thread has left accept(). So cut() waits
     * for the accepting thread; connections it took in the meantime are in {@link #open} by then and closed with the
     * rest.
     */
    private void awaitAcceptorEnd() {
        Thread t = acceptor;
        acceptor = null;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(ServerSocket server) {
        acceptor = daemon("tcp-proxy-accept-" + port, () -> {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // cut or closed
                }
                connect(client);
            }
        });
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
        } catch (IOException e) {
            quietly(client);
            quietly(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (listener == null) { // cut while connecting
            quietly(client);
            quietly(upstream);
            return;
        }
        daemon("tcp-proxy-up-" + port, () -> pump(client, upstream));
        daemon("tcp-proxy-down-" + port, () -> pump(upstream, client));
    }

    /** Copies until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException e) {
            // closed by cut() or by the other side
        } catch (IOException e) {
            // the same: a connection that ends is all a proxy can report
        } finally {
            quietly(from);
            quietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void quietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
