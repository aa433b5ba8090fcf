package dev.streamer.k8s;

/** Kubernetes resource quantities. */
final class Quantities {

    private Quantities() {}

    static double cpu(String q) {
        return q.endsWith("m") ? Double.parseDouble(q.substring(0, q.length() - 1)) / 1000 : Double.parseDouble(q);
    }

    static long bytes(String q) {
        String[][] units = {
            {"Ki", "1024"},
            {"Mi", "1048576"},
            {"Gi", "1073741824"},
            {"k", "1000"},
            {"M", "1000000"},
            {"G", "1000000000"}
        };
        for (String[] u : units) {
            if (q.endsWith(u[0])) {
                return (long) (Double.parseDouble(q.substring(0, q.length() - u[0].length())) * Long.parseLong(u[1]));
            }
        }
        return Long.parseLong(q);
    }
}
