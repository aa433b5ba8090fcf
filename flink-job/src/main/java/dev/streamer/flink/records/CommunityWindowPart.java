package dev.streamer.flink.records;

import dev.streamer.contract.WindowResult;

/**
 * What one community tells the all-communities windows: either a result of one of its windows with the users who
 * became active in it since its previous result (all of them with the first one), or a sign-in/out it applied (the
 * all-communities gauge keeps its own sessions: a user signed in in a community without a result in a window is
 * signed in all the same). Sums of the counts over the communities are exact; distinct users need the user ids, since
 * one user can be active in several communities.
 *
 * @param result   the community's window result as emitted, or null for a sign-in/out
 * @param newUsers users first counted in that community's window since its previous result
 * @param session  a sign-in/out the community applied that names its session, or null for a result
 */
public record CommunityWindowPart(WindowResult result, String[] newUsers, Activity session) {

    public CommunityWindowPart(WindowResult result, String[] newUsers) {
        this(result, newUsers, null);
    }

    public static CommunityWindowPart session(Activity signInOrOut) {
        return new CommunityWindowPart(null, new String[0], signInOrOut);
    }
}
