/**
 * The literal name of a component's scale-from-zero alarm: unique, as component names are unique per account and
 * Region, so deploy policies can name the alarm.
 */
export function scaleFromZeroAlarmName(componentName: string): string {
  return `${componentName}-NoCapacityInvocationFailures`;
}
