package org.ntk4j.kernel;

import org.junit.jupiter.api.Test;
import org.ntk4j.features.FeatureMapSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpecTextTest {
    @Test
    void nestedSpecValuesSurviveRoundTrips() {
        String kernel = "nngp(depth=3,convention=nt,w-std=1.5,b-std=0.1)";
        FeatureMapSpec spec = FeatureMapSpec.of("nystrom", 7, "kernel", kernel, "dim", "1024", "sampling", "rls");
        String text = spec.toString();
        assertEquals("nystrom(kernel=" + kernel + ",dim=1024,sampling=rls,seed=7)", text);
        FeatureMapSpec back = FeatureMapSpec.parse(text);
        assertEquals(spec, back);
        assertEquals(kernel, back.get("kernel"));
        assertEquals(KernelSpec.parse(kernel), KernelSpec.parse(back.get("kernel")));
        // two levels of nesting and spaces
        FeatureMapSpec deep = FeatureMapSpec.parse(" outer(a = inner(b=c(d=1,e=2),f=3) , g=4,seed=1)");
        assertEquals("inner(b=c(d=1,e=2),f=3)", deep.get("a"));
        assertEquals("4", deep.get("g"));
        assertEquals(deep, FeatureMapSpec.parse(deep.toString()));
    }

    @Test
    void unbalancedParenthesesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FeatureMapSpec.parse("nystrom(kernel=ntk(depth=2,dim=4,seed=1)"));
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.parse("ntk(depth=2),x=1)"));
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.parse("ntk(depth=2,)"));
    }
}
