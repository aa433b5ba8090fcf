package dev.streamer.generator;

import dev.streamer.contract.Emotion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthesises short social-media texts for each of the seven {@link Emotion}s by combining a topic with an
 * emotion's openers, feelings and endings. The phrases carry the emotion plainly so that a classifier has something
 * to find; the combinations (7 × ~8 × ~10 × 24 topics × ~8) keep repeats rare.
 */
public final class TextSynthesiser implements TextSource {

    /** A synthesised text and the emotion it was written to express. */
    public record Sample(Emotion emotion, String text) {}

    private record Phrases(List<String> openers, List<String> feelings, List<String> endings) {}

    private static final List<String> TOPICS = List.of(
            "the new update",
            "my commute this morning",
            "the match last night",
            "the team meeting",
            "this weather",
            "the concert",
            "my landlord",
            "the final exam",
            "the new phone",
            "the election results",
            "my neighbour's dog",
            "the airline",
            "the season finale",
            "the coffee shop downstairs",
            "the price of rent",
            "the hospital visit",
            "my first marathon",
            "the job interview",
            "the city council",
            "the delivery",
            "the power outage",
            "my grandmother's recipe",
            "the movie everyone talks about",
            "the code review");

    private static final Map<Emotion, Phrases> PHRASES = new EnumMap<>(Map.of(
            Emotion.ANGER,
                    new Phrases(
                            List.of(
                                    "Honestly furious about",
                                    "I am so angry about",
                                    "Can't believe how infuriating",
                                    "Fed up with",
                                    "Absolutely livid about",
                                    "What a rage-inducing mess:",
                                    "Seriously mad about",
                                    "Sick and tired of"),
                            List.of(
                                    "it makes my blood boil",
                                    "I want to scream at someone",
                                    "this is outrageous",
                                    "nobody takes responsibility and I'm furious",
                                    "I'm done being patient",
                                    "it's infuriating",
                                    "how dare they",
                                    "I'm so angry I can't think straight",
                                    "this is unacceptable",
                                    "I'm fuming"),
                            List.of(
                                    "!",
                                    "!!",
                                    ". Unbelievable.",
                                    ". Someone should be fired.",
                                    ". I'm done.",
                                    ". Fix it now!",
                                    ". Never again.",
                                    ". Absolutely ridiculous!")),
            Emotion.DISGUST,
                    new Phrases(
                            List.of(
                                    "So gross:",
                                    "Disgusted by",
                                    "Ugh,",
                                    "Revolting news about",
                                    "Nauseating stuff with",
                                    "Eww,",
                                    "Truly vile:",
                                    "I feel sick about"),
                            List.of(
                                    "it's disgusting",
                                    "that's revolting",
                                    "I feel sick just thinking about it",
                                    "it's absolutely nasty",
                                    "what a vile thing to do",
                                    "the smell alone made me gag",
                                    "so gross I can't look",
                                    "it's repulsive",
                                    "yuck, just yuck",
                                    "that is foul"),
                            List.of(
                                    ". Gross.",
                                    ". Disgusting.",
                                    ". Yuck.",
                                    ". I need a shower.",
                                    ". Never touching that again.",
                                    "...",
                                    ". Vile.",
                                    ". Ew.")),
            Emotion.FEAR,
                    new Phrases(
                            List.of(
                                    "I'm scared about",
                                    "Really worried about",
                                    "Terrified of",
                                    "Nervous about",
                                    "Anxious thinking about",
                                    "Kind of frightened by",
                                    "Panicking about",
                                    "Afraid of what happens with"),
                            List.of(
                                    "I can't stop shaking",
                                    "what if it all goes wrong",
                                    "I'm terrified",
                                    "my heart is racing",
                                    "I couldn't sleep at all",
                                    "it's really scary",
                                    "I'm afraid it's getting worse",
                                    "I feel so anxious",
                                    "this is frightening",
                                    "I'm worried sick"),
                            List.of(
                                    ". Please let it be okay.",
                                    "...",
                                    ". So scared.",
                                    ". Hold me.",
                                    ". I'm nervous.",
                                    ". Fingers crossed, terrified.",
                                    ". Help.",
                                    ". Anyone else afraid?")),
            Emotion.JOY,
                    new Phrases(
                            List.of(
                                    "So happy about",
                                    "Loving",
                                    "Absolutely thrilled with",
                                    "Best day ever thanks to",
                                    "Grateful for",
                                    "Delighted by",
                                    "Can't stop smiling about",
                                    "Yay,"),
                            List.of(
                                    "it made my whole week",
                                    "I'm so happy",
                                    "this is wonderful",
                                    "I love it so much",
                                    "what a joy",
                                    "thank you all",
                                    "it's amazing",
                                    "I'm grinning like an idiot",
                                    "life is good",
                                    "pure happiness"),
                            List.of(
                                    "!",
                                    "! 🎉",
                                    ". Love it!",
                                    ". So grateful.",
                                    "! Best thing ever.",
                                    " :)",
                                    "! Thank you!",
                                    ". Happy happy happy.")),
            Emotion.SADNESS,
                    new Phrases(
                            List.of(
                                    "Feeling down about",
                                    "So sad about",
                                    "Heartbroken over",
                                    "Missing the days before",
                                    "I'm devastated by",
                                    "It hurts thinking about",
                                    "Crying over",
                                    "Quietly sad about"),
                            List.of(
                                    "I miss how it used to be",
                                    "it breaks my heart",
                                    "I feel so alone",
                                    "I can't stop crying",
                                    "everything feels empty",
                                    "it's so sad",
                                    "I'm heartbroken",
                                    "nothing feels right anymore",
                                    "I just feel lost",
                                    "it's really depressing"),
                            List.of(
                                    ". :(",
                                    ".",
                                    ". Sigh.",
                                    "...",
                                    ". I miss it.",
                                    ". Rough day.",
                                    ". So sad.",
                                    ". Heartbroken.")),
            Emotion.SURPRISE,
                    new Phrases(
                            List.of(
                                    "Wow, did not expect",
                                    "Whoa,",
                                    "No way,",
                                    "Totally surprised by",
                                    "I'm shocked by",
                                    "Wait, what? ",
                                    "Can't believe",
                                    "Plot twist:"),
                            List.of(
                                    "I did not see that coming",
                                    "I'm speechless",
                                    "that's so unexpected",
                                    "what a surprise",
                                    "mind blown",
                                    "who would have thought",
                                    "I'm stunned",
                                    "seriously, wow",
                                    "I had to read it twice",
                                    "that was a shock"),
                            List.of(
                                    "!",
                                    "?!",
                                    "! Wow.",
                                    "! No way!",
                                    ". Unreal.",
                                    "! Whoa.",
                                    "?? Really?",
                                    "! Amazing twist.")),
            Emotion.NEUTRAL,
                    new Phrases(
                            List.of(
                                    "A note on",
                                    "Update on",
                                    "Regarding",
                                    "Some information about",
                                    "For the record,",
                                    "Quick summary of",
                                    "Reminder about",
                                    "Thoughts on"),
                            List.of(
                                    "it starts at nine",
                                    "details are in the link",
                                    "it is scheduled for Tuesday",
                                    "the form is on the website",
                                    "it takes about an hour",
                                    "the meeting room is on the second floor",
                                    "it was moved to next week",
                                    "the list has been updated",
                                    "more information follows",
                                    "the numbers are in the spreadsheet"),
                            List.of(
                                    ".",
                                    ". Thanks.",
                                    ". See you there.",
                                    ". That's all.",
                                    ". Noted.",
                                    ". Details later.",
                                    ". FYI.",
                                    "."))));

    @Override
    public String next(Random random, int maxLength) {
        return TextSource.fit(sample(random).text(), maxLength);
    }

    /** A text for an emotion chosen uniformly. */
    public Sample sample(Random random) {
        return sample(random, Emotion.ALL.get(random.nextInt(Emotion.ALL.size())));
    }

    public Sample sample(Random random, Emotion emotion) {
        Phrases p = PHRASES.get(emotion);
        String topic = pick(random, TOPICS);
        String text =
                pick(random, p.openers()) + " " + topic + ", " + pick(random, p.feelings()) + pick(random, p.endings());
        return new Sample(emotion, text);
    }

    /** The cue words a text of each emotion contains at least one of (used by tests and documentation). */
    public static List<String> feelings(Emotion emotion) {
        return PHRASES.get(emotion).feelings();
    }

    private static String pick(Random random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
