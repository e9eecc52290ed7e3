/** The drifting stars behind every page: pure CSS (global.css), decorative, and still under reduced motion. */
export function Starfield() {
  return (
    <div class="starfield" aria-hidden="true">
      <span class="stars-small" />
      <span class="stars-medium" />
      <span class="stars-large" />
    </div>
  );
}
