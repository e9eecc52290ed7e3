/**
 * One alert as OBS shows it: the image, the filled-in text and the sound, entering with the
 * template's animation (none when the viewer's system asks for reduced motion).
 */
import { createEffect, onCleanup, Show } from 'solid-js';
import { type QueuedAlert, renderText } from './alerts';

const animations = {
  fade: 'overlay-fade',
  slide: 'overlay-slide',
  pop: 'overlay-pop',
  bounce: 'overlay-bounce',
} as const;

const keyframes = `
@keyframes overlay-fade { from { opacity: 0 } to { opacity: 1 } }
@keyframes overlay-slide { from { opacity: 0; transform: translateY(-40px) } to { opacity: 1; transform: none } }
@keyframes overlay-pop { 0% { opacity: 0; transform: scale(.6) } 70% { transform: scale(1.08) } 100% { opacity: 1; transform: none } }
@keyframes overlay-bounce { 0% { opacity: 0; transform: translateY(-60px) } 60% { transform: translateY(10px) } 80% { transform: translateY(-5px) } 100% { opacity: 1; transform: none } }
.overlay-alert { animation-duration: .6s; animation-fill-mode: both; }
@media (prefers-reduced-motion: reduce) { .overlay-alert { animation: none !important; } }
`;

export function AlertCard(props: { alert: QueuedAlert; muted?: boolean }) {
  let audio: HTMLAudioElement | undefined;
  createEffect(() => {
    const { soundUrl, volume } = props.alert.template;
    audio?.pause();
    audio = undefined;
    if (!soundUrl || props.muted || volume === 0 || typeof Audio === 'undefined') return;
    audio = new Audio(soundUrl);
    audio.volume = volume;
    // OBS plays sound without a gesture; a browser may refuse, and an alert without sound is fine.
    void audio.play()?.catch(() => {});
  });
  onCleanup(() => audio?.pause());

  return (
    <div
      class="overlay-alert flex flex-col items-center gap-3 text-center"
      style={{ 'animation-name': animations[props.alert.template.animation] }}
      data-testid="overlay-alert"
      data-kind={props.alert.event.kind}
      role="status"
    >
      <style>{keyframes}</style>
      <Show when={props.alert.template.imageUrl}>
        {(src) => <img src={src()} alt="" class="max-h-48 max-w-full" />}
      </Show>
      <p
        class="m-0 text-3xl font-800"
        style={{
          color: props.alert.template.color ?? '#ffffff',
          'text-shadow': '0 2px 6px rgba(0,0,0,.85), 0 0 2px #000',
        }}
      >
        {renderText(props.alert.template.text, props.alert.event)}
      </p>
    </div>
  );
}
